"""Filesystem safety and atomic swap, tried many times (figures for the record, not a test).

    .venv/bin/python tests/fs_stress.py [--kills N] [--timed N] [--new-rounds N]

Prints one JSON object: attempts per kind and the failures found (all must be 0).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "scripts")]

from repo_support import copy_repo, plant_traps  # noqa: E402
from swap_support import POINTS, Watcher, kill_after, kill_at, leftovers  # noqa: E402
from test_fs_guard import ESCAPES, SITE_DIRS, tree  # noqa: E402

NEW = """
import sys, time
from casebook.cli import main
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
sys.exit(main(["new", "--block", "kinki", "--theme", "supervision"]))
"""


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    code = f"import sys; from casebook.cli import main; sys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)


def site_dirs(base: Path) -> dict:
    repo = copy_repo(base / "sd" / "repo")
    plant_traps(repo)
    extra = [str(repo), str(repo.parent), "overrides/..", "cases/../cases", "./docs/", "scripts", "/tmp"]
    escapes = tracebacks = 0
    for value in [*SITE_DIRS, *extra]:
        before = tree(repo.parent)
        result = cli(repo, "build", "--site-dir", value)
        escapes += result.returncode != 2 or tree(repo.parent) != before
        tracebacks += "Traceback" in result.stderr
    return {"site_dir_values": len(SITE_DIRS) + len(extra), "site_dir_escapes": escapes,
            "site_dir_tracebacks": tracebacks}


def writer_escapes(base: Path) -> dict:
    from casebook.generate.output import ForeignFolder, sync
    escapes = 0
    for n, rel in enumerate(ESCAPES):
        root = base / f"w{n}"
        root.mkdir()
        before = tree(root)
        try:
            sync(root / "deep" / "out", {"ok.md": "A", rel: "B"})
            escapes += 1
        except ForeignFolder:
            escapes += tree(root) != before
    return {"writer_names": len(ESCAPES), "writer_escapes": escapes}


def names(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} if site.is_dir() else set()


def kills(base: Path, rounds: int, timed: int) -> dict:
    """Each killed build changes c01's title; afterwards site/ must hold every file of a site and
    c01's page must show the previous title or the new one, nothing else."""
    repo = copy_repo(base / "k" / "repo")
    site, case = repo / "site", repo / "cases" / "c01.yaml"
    assert cli(repo, "build").returncode == 0
    reference = names(site)
    watcher = Watcher(site)
    watcher.start()

    def retitle(label: str) -> None:
        text = case.read_text(encoding="utf-8").splitlines(keepends=True)
        case.write_text("".join(f"title: {label} 事例\n" if line.startswith("title: ") else line
                                for line in text), encoding="utf-8")

    def whole(allowed: tuple[str, ...]) -> bool:
        page = site / "cases" / "c01" / "index.html"
        return names(site) == reference and any(f"{label} 事例" in page.read_text(encoding="utf-8")
                                                for label in allowed)
    failures = runs = 0
    previous = "初版"
    retitle(previous)
    assert cli(repo, "build").returncode == 0
    for n in range(rounds):
        for point in POINTS:
            label = f"版{n}{point}"
            retitle(label)
            kill_at(repo, point)
            runs += 1
            expected = (previous,) if point in ("created", "built", "scanned") else (label,)
            failures += not whole(expected)
            previous = expected[0]
    rng = random.Random(7)
    start = time.perf_counter()
    assert cli(repo, "build").returncode == 0
    full = time.perf_counter() - start
    timed_failures = 0
    for n in range(timed):
        label = f"時{n}"
        retitle(label)
        kill_after(repo, rng.uniform(0.05, full * 1.1))
        timed_failures += not whole((previous, label))
        if whole((label,)):
            previous = label
    result = cli(repo, "build")
    watcher.stop()
    return {"kill_points": len(POINTS), "kill_point_runs": runs, "kill_point_failures": failures,
            "timed_kills": timed, "timed_kill_failures": timed_failures, "full_build_s": round(full, 2),
            "watcher_looks": watcher.looks, "watcher_misses": watcher.misses,
            "leftovers_after_next_build": len(leftovers(repo)), "final_build_exit": result.returncode}


def concurrent_new(base: Path, rounds: int, width: int) -> dict:
    repo = copy_repo(base / "n" / "repo")
    failures = collisions_absent = 0
    for _ in range(rounds):
        before = set(os.listdir(repo / "cases"))
        at = time.time() + 1.5            # every process sleeps until the same instant, then runs `new`
        processes = [subprocess.Popen([sys.executable, "-c", NEW, str(at)], cwd=repo, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(width)]
        outputs = [p.communicate() for p in processes]
        paths = [out.strip() for out, _ in outputs]
        made = set(os.listdir(repo / "cases")) - before
        ok = (all(p.returncode == 0 for p in processes) and len(set(paths)) == width and len(made) == width
              and all(f"id: {Path(p).stem}\n" in (repo / p).read_text(encoding="utf-8") for p in paths))
        failures += not ok
        collisions_absent += any("Traceback" in err for _, err in outputs)
    return {"new_rounds": rounds, "new_processes_per_round": width, "new_runs": rounds * width,
            "new_failures": failures, "new_tracebacks": collisions_absent}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=2, help="rounds over every kill point")
    parser.add_argument("--timed", type=int, default=20, help="builds killed at a random moment")
    parser.add_argument("--new-rounds", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        figures = {**site_dirs(base), **writer_escapes(base), **concurrent_new(base, args.new_rounds, 6),
                   **kills(base, args.kills, args.timed)}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
