"""Hand-run: how long a saved case takes to show in the preview, not a test.

    .venv/bin/python tests/perf/serve_latency.py [--cases N] [--saves 5] [--mkdocs]

Copies the repository to a temporary folder (with N synthetic cases from casebook bench, or
the real cases when N is 0), starts `casebook serve` (or plain `mkdocs serve` with --mkdocs,
for comparison) on a free port, then saves a new title into one case YAML `--saves` times and
polls that case's page until the title appears. Prints one JSON object: the median and every
save's seconds, and how many builds each save caused (counted from the server's log after the
builds have settled). Issue 15's budget: median at most 1 s at 21 cases and 5 s at 1,000.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from repo_support import copy_repo, free_port  # noqa: E402
from repo_support import fetch as repo_fetch  # noqa: E402

BUILD_LINE = {"casebook": "casebook serve: ビルド", "mkdocs": "Building documentation"}


def fetch(url: str) -> str:
    return repo_fetch(url, timeout=120)


def make_repo(dest: Path, cases: int) -> Path:
    if not cases:
        return copy_repo(dest)
    from casebook.build.bench import make_copy
    from casebook.core.project import Project
    return make_copy(Project(ROOT), dest, cases).root


def builds(log: Path, kind: str) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(BUILD_LINE[kind])


def settle(log: Path, kind: str, quiet_s: float = 3.0) -> int:
    """The build count once no build has started for quiet_s seconds."""
    count, since = builds(log, kind), time.monotonic()
    while time.monotonic() - since < quiet_s:
        time.sleep(0.2)
        now = builds(log, kind)
        if now != count:
            count, since = now, time.monotonic()
    return count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=0, help="synthetic cases (0: the real ones)")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--mkdocs", action="store_true", help="measure plain `mkdocs serve` instead")
    args = parser.parse_args()
    kind = "mkdocs" if args.mkdocs else "casebook"
    tmp = Path(tempfile.mkdtemp(prefix="casebook-serve-latency-"))
    server = None
    try:
        root = make_repo(tmp / "repo", args.cases)
        port = free_port()
        bin_dir = Path(sys.executable).parent
        command = ([str(bin_dir / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"] if args.mkdocs
                   else [str(bin_dir / "casebook"), "serve", "--port", str(port)])
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
        log = tmp / "serve.log"
        with open(log, "w", encoding="utf-8") as out:
            server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/cases/c01/"
        start = time.monotonic()
        while "c01" not in fetch(url):
            if server.poll() is not None or time.monotonic() - start > 900:
                print(log.read_text(encoding="utf-8"), file=sys.stderr)
                return 1
            time.sleep(0.5)
        startup_s = time.monotonic() - start
        before = settle(log, kind)
        case = root / "cases" / "c01.yaml"
        original = case.read_text(encoding="utf-8")
        title = next(line for line in original.splitlines() if line.startswith("title:"))
        seconds, per_save = [], []
        for n in range(args.saves):
            marker = f"保存の計測{n}回目{int(time.time())}"
            case.write_text(original.replace(title, f"title: {marker}"), encoding="utf-8")
            saved = time.monotonic()
            while marker not in fetch(url):
                if time.monotonic() - saved > 600:
                    print(log.read_text(encoding="utf-8"), file=sys.stderr)
                    return 1
                time.sleep(0.02)
            seconds.append(round(time.monotonic() - saved, 3))
            after = settle(log, kind)
            per_save.append(after - before)
            before = after
        print(json.dumps({"server": kind, "cases": args.cases or len(list((root / "cases").glob("c*.yaml"))),
                          "startup_s": round(startup_s, 2), "median_s": statistics.median(seconds),
                          "saves_s": seconds, "builds_per_save": per_save}, ensure_ascii=False))
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
