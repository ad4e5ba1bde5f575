"""`casebook bench`: build N synthetic cases in a temporary copy and report figures as JSON."""
from __future__ import annotations

import gzip
import multiprocessing
import pickle
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core.errors import UnsafePath
from ..core.progress import Progress, quiet
from ..core.project import Project
from ..core.stored import Stored
from ..generate.guard import absolute, is_within
from .site import build_site
from .synthetic import write_cases

COPY = ("mkdocs.yml", "docs", "overrides", "cases/taxonomy.yml",
        "cases/case.schema.json", "cases/glossary.yml", "cases/facilitation.yml", "cases/_template.yaml")

KEEP_MARKER = ".casebook-bench"
KEEP_MARKER_TEXT = ("このフォルダは casebook bench --keep が作った計測用のリポジトリの写しです。\n"
                    "次の casebook bench --keep で丸ごと置き換わります。\n")


def make_copy(project: Project, dest: Path, cases: int) -> Project:
    """A repository copy in dest with `cases` synthetic cases (synthetic.py) instead of the real ones."""
    for rel in COPY:
        src = project.root / rel
        if src.is_dir():
            shutil.copytree(src, dest / rel, ignore=shutil.ignore_patterns("cases"))
        elif src.exists():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    copy = Project(dest)
    copy.cases_dir.mkdir(parents=True, exist_ok=True)
    if cases:
        write_cases(project.cases_dir, copy.cases_dir, cases)
    return copy


def keep_dir(project: Project, raw: Path) -> Path:
    """The folder for --keep, emptied; refuses (UnsafePath) anything bench did not make."""
    path, shown = absolute(raw), str(raw)
    hint = " -- 空のフォルダか、まだ無いフォルダを指定してください"
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise UnsafePath(f"--keep の {shown} はフォルダではありません（ファイルかシンボリックリンク）{hint}")
    real, root = path.resolve(), project.root.resolve()
    if is_within(root, real) or is_within(real, root):
        raise UnsafePath(f"--keep の {shown} はリポジトリそのもの、その中、またはそれを含むフォルダです{hint}")
    marker = real / KEEP_MARKER
    ours = marker.is_file() and not marker.is_symlink()
    if real.is_dir() and any(real.iterdir()) and not ours:
        raise UnsafePath(f"--keep の {shown} は casebook bench が作ったフォルダではなく、空でもありません"
                         f"（{KEEP_MARKER} がありません）{hint}")
    if ours:    # a copy from an earlier run: replaced as a whole
        for child in real.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    real.mkdir(parents=True, exist_ok=True)
    (real / KEEP_MARKER).write_text(KEEP_MARKER_TEXT, encoding="utf-8")
    return real


def measure(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    case_pages = [p for p in (site / "cases").glob("c*/index.html")]
    search = [p for p in (site / "search").rglob("*") if p.is_file()]     # the whole folder, shards included
    search_bytes = sum(p.stat().st_size for p in search)
    search_gzip = sum(len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0)) for p in search)
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "max_case_html_bytes": max((p.stat().st_size for p in case_pages), default=0),
        "search_index_bytes": search_bytes,
        "search_index_gzip_bytes": search_gzip,
        # how well the search data compresses: the honesty check of synthetic text (README)
        "search_gzip_ratio": round(search_bytes / search_gzip, 2) if search_gzip else 0,
    }


def run(project: Project, cases: int, keep: Path | None = None, progress: Progress = quiet,
        warm: bool = False) -> dict:
    """One build of a new copy, as `casebook build` builds a fresh clone: with no kept results
    (core/stored.py) to start from, and keeping them for the next build, which costs its share.
    `warm`: an unmeasured build first, so that the measured one finds every file kept, as an
    editor's next build after changing nothing in cases/ does."""
    folder = keep_dir(project, keep) if keep else Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    try:
        copy = make_copy(project, folder, cases)
        if warm:
            progress("（前回の検査結果を作るため、計測しないビルドを1回行います）")
            build_site(copy, progress=progress, stored=Stored.for_project(copy.root))
        start = time.perf_counter()
        report = build_site(copy, progress=progress, stored=Stored.for_project(copy.root))
        total = time.perf_counter() - start
        figures = {"cases": cases, "cache": "warm" if warm else "cold", "kept_files": report.kept,
                   "total_s": round(total, 3), "generate_s": round(report.generate_s, 3),
                   "mkdocs_s": round(report.mkdocs_s, 3), "scan_s": round(report.scan_s, 3),
                   "rescanned_files": report.rescanned,
                   **measure(copy.site_dir)}
        figures["other_s"] = round(total - report.generate_s - report.mkdocs_s - report.scan_s, 3)
        figures["generate_share"] = round(report.generate_s / total, 3) if total else 0
        # everything that is not MkDocs itself (validate, generate, scan, swap): issue 15 asks <= 15%
        figures["not_mkdocs_share"] = round((total - report.mkdocs_s) / total, 3) if total else 0
        # our plugin finishes the search data inside the MkDocs run (search_s, part of mkdocs_s: the
        # main process's time after the last page, waiting for the search worker included): the
        # share of all our own code counts it too
        figures["search_s"] = round(report.search_s, 3)
        figures["ours_share"] = round((total - report.mkdocs_s + report.search_s) / total, 3) if total else 0
        figures["search_index_bytes_per_case"] = round(figures["search_index_bytes"] / cases) if cases else 0
        if keep:
            figures["kept"] = str(folder)
        return figures
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def repeated(project: Project, cases: int, repeat: int, keep: Path | None = None,
             progress: Progress = quiet, warm: bool = False) -> dict:
    """The fastest of `repeat` runs (timings on a busy machine vary by tens of per cent from
    run to run), with every run's times under "runs". --keep holds the last run.

    Each run has a new process, as every `casebook build` has: a second run in the same
    process would find the first one's caches warm (the HTML of every case text, among
    others) and generate faster than any real build."""
    if repeat == 1:
        return run(project, cases, keep, progress, warm)
    results = []
    context = multiprocessing.get_context("spawn")
    try:        # the run reports its build's steps too, when its progress can go with it (the CLI's can)
        pickle.dumps(progress)
        inner = progress
    except (pickle.PicklingError, AttributeError, TypeError):
        inner = quiet
    for n in range(repeat):
        progress(f"計測 {n + 1}/{repeat}…")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            results.append(pool.submit(run, project, cases, keep, inner, warm).result())
    best = min(results, key=lambda figures: figures["total_s"])
    best["runs"] = [{k: r[k] for k in ("total_s", "generate_s", "mkdocs_s", "scan_s")} for r in results]
    return best
