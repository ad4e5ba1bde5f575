"""Build the site: generate, `mkdocs build --strict` into a temporary folder, scan, swap in.

A failed build (bad case, MkDocs warning, unsafe HTML) leaves the previous site/
untouched: the new site only replaces it after every check has passed, in one atomic
swap (build/swap.py), and only a folder that generate/guard.py allows casebook to replace.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import CasebookError, in_order
from ..core.errors import BuildFailed
from ..core.progress import Progress, quiet
from ..core.project import Project
from ..core.stored import Stored
from ..generate.generator import generate
from ..generate.guard import check_site_dir
from ..render.search_alongside import SearchAlongside
from ..rules.validate import FileCache, Skip
from ..sitecheck.alongside import ScanAlongside
from . import swap
from .names import NamesAlongside

__all__ = ["BuildFailed", "BuildReport", "build_site", "run_mkdocs", "source_date_epoch"]


@dataclass
class BuildReport:
    generate_s: float = 0.0
    mkdocs_s: float = 0.0
    scan_s: float = 0.0       # after MkDocs: what is left of the safety scan
    # within mkdocs_s: the casebook plugin's main process on the search data after the pages
    # (render/search.py), waiting for the search worker (render/search_alongside.py) included
    search_s: float = 0.0
    rescanned: int = 0        # HTML files the scan read again after MkDocs (see sitecheck.alongside)
    kept: int = 0             # case files an earlier run had found clean, not read again (core/stored.py)
    cases: int = 0
    written: int = 0
    warnings: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(f"{record.levelname}: {record.getMessage()}")


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so identical sources build identical bytes."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, check=True).stdout.strip()
        return out or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def run_mkdocs(config_file: Path, site_dir: Path, overrides: dict | None = None, *,
               offline: bool = False, pregenerated: bool = False, drafts: bool = False,
               scan: ScanAlongside | None = None, search: SearchAlongside | None = None,
               report: BuildReport | None = None) -> list[str]:
    """`mkdocs build --strict` in-process, as the mkdocs CLI runs it (startup and shutdown
    events around the build); returns the warnings it logged (raises BuildFailed on failure).

    `offline`, `drafts` and `pregenerated` are set on the casebook plugin, reached through the
    loaded config (config.plugins), never by importing the plugin module, and so are `scan`
    and `search`, the workers that take pages and search entries as pages are rendered.
    `report` gets the plugin's own share of the run (search_s)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous_level = logger.level
    logger.setLevel(min(previous_level or logging.WARNING, logging.WARNING))
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True, **(overrides or {}))
        plugin = config.plugins.get("casebook")
        if plugin is None:
            raise BuildFailed("mkdocs.yml の plugins: に casebook がありません -- search と tags の後に - casebook を加えてください")
        plugin.config.offline = offline
        plugin.config.drafts = drafts
        config.plugins.on_startup(command="build", dirty=False)
        plugin.pregenerated, plugin.scan, plugin.search_side = pregenerated, scan, search
        try:
            build(config)
            if report is not None:
                report.search_s = plugin.search_s
        finally:
            plugin.pregenerated, plugin.scan, plugin.search_side = False, None, None
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as exc:
        raise BuildFailed(f"MkDocs のビルドに失敗しました: {exc}", handler.records) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
    if handler.records:   # strict mode should have aborted; never let a warning pass quietly
        raise BuildFailed("MkDocs が警告を出しました", handler.records)
    return handler.records


# The name check (Sudachi, about as slow as everything else generation does) cannot change a
# page: it runs in a second process while this one loads, checks and renders the cases, on the
# texts of each case as it loads (build/names.py), and what it finds stops the build before
# anything is written, with the other errors when there are any.
BESIDE_GENERATION = frozenset({"CB056"})


def keep_checked(stored: Stored, cache: FileCache, names: NamesAlongside) -> None:
    """Keeps what this run found clean for the next one; a file the name check found nothing
    in counts as checked by it too (so the next run need not hand it over again)."""
    if names.finished:
        named = {d.path for d in names.findings()}
        cache.checked([rel for rel in names.rels if rel not in named], BESIDE_GENERATION)
    cache.store(stored)


def build_site(project: Project, site_dir: Path | None = None, progress: Progress = quiet, *,
               offline: bool = False, drafts: bool = False, stored: Stored | None = None) -> BuildReport:
    """Raises UnsafePath (before anything is written) for a site folder casebook may not replace;
    `offline` builds the offline copy's variant of the site (see plugin/offline.py); `drafts`
    builds a preview, where drafts have their page (see model.DRAFT); `stored`: the results
    of earlier runs (core/stored.py), used and brought up to date."""
    target = check_site_dir(project, site_dir or project.site_dir)
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(project.root)
    report = BuildReport()
    progress("1/3 事例を検証してページを生成しています…")
    names = NamesAlongside()
    try:
        cache = FileCache.from_stored(stored, remember=False) if stored is not None else None
        try:
            skip = Skip(BESIDE_GENERATION, sink=names.add)
            result = generate(project, drafts=drafts, cache=cache, skip=skip, skipped=names.findings)
        except CasebookError as exc:     # all errors at once, as `validate` reports them
            raise CasebookError(in_order(set(exc.diagnostics) | set(names.findings()))) from None
        finally:
            if cache is not None:
                report.kept = cache.hits
                keep_checked(stored, cache, names)
                cache = None      # nor what it keeps (the data of every case) through MkDocs
        report.generate_s, report.cases, report.written = result.seconds, len(result.book.cases), result.counts["written"]
        if report.kept:
            progress(f"    前回までに検査済みで変更のない事例ファイル {report.kept} 件は、検査を省きました")
        progress(f"    {report.cases} 件の事例、{result.counts['written']} ファイルを更新"
                 f"（変更なし {result.counts['unchanged']}、削除 {result.counts['deleted']}）")
        target.parent.mkdir(parents=True, exist_ok=True)
        swap.remove_leftovers(target.parent)
        tmp, lock = swap.new_build_folder(target.parent)
        scan, search = ScanAlongside(), SearchAlongside()
        try:
            swap.checkpoint("created")
            progress("2/3 MkDocs でサイトを組み立てています（--strict）…")
            start = time.perf_counter()
            run_mkdocs(project.root / "mkdocs.yml", tmp, offline=offline, pregenerated=True, drafts=drafts, scan=scan,
                       search=search, report=report)
            report.mkdocs_s = time.perf_counter() - start
            swap.checkpoint("built")
            progress("3/3 生成した HTML の安全性を確かめています…")
            start = time.perf_counter()
            findings, report.rescanned = scan.finish(tmp)
            report.scan_s = time.perf_counter() - start
            if findings:
                raise BuildFailed(f"安全でない HTML が {len(findings)} 件見つかりました", [f.format() for f in findings])
            swap.checkpoint("scanned")
            check_site_dir(project, target)     # again: the folder may have changed during the build
            swap.swap_in(tmp, target)
        finally:
            scan.close()
            search.close()
            os.close(lock)
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        names.close()
    return report
