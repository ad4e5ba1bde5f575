"""Build the site: generate, `mkdocs build --strict` into a temporary folder, scan, swap in.

A failed build (bad case, MkDocs warning, unsafe HTML) leaves the previous site/
untouched: the new site only replaces it after every check has passed, in one atomic
swap (swap.py), and only a folder that guard.py allows casebook to replace.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import swap
from .generate import generate
from .guard import check_site_dir
from .project import Project
from .scan_overlap import ScanBesideBuild


class BuildFailed(Exception):
    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


@dataclass
class BuildReport:
    generate_s: float = 0.0
    mkdocs_s: float = 0.0
    scan_s: float = 0.0
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


def run_mkdocs(config_file: Path, site_dir: Path, overrides: dict | None = None, scanner=None) -> list[str]:
    """`mkdocs build --strict` in-process; returns the warnings it logged (raises on failure).
    scanner (scan_overlap.py) is added as the last plugin and scans pages while MkDocs builds."""
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
        if scanner is not None:
            config.plugins["casebook-scan"] = scanner
        build(config)
    except (Abort, ConfigurationError, PluginError) as exc:
        raise BuildFailed(f"MkDocs のビルドに失敗しました: {exc}", handler.records) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
    if handler.records:   # strict mode should have aborted; never let a warning pass quietly
        raise BuildFailed("MkDocs が警告を出しました", handler.records)
    return handler.records


def build_site(project: Project, site_dir: Path | None = None, progress=print) -> BuildReport:
    """Raises UnsafePath (before anything is written) for a site folder casebook may not replace."""
    from . import hook

    target = check_site_dir(project, site_dir or project.site_dir)
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(project.root)
    report = BuildReport()
    progress("1/3 事例を検証してページを生成しています…")
    result = generate(project)
    report.generate_s, report.cases, report.written = result.seconds, len(result.book.cases), result.counts["written"]
    progress(f"    {report.cases} 件の事例、{result.counts['written']} ファイルを更新"
             f"（変更なし {result.counts['unchanged']}、削除 {result.counts['deleted']}）")
    target.parent.mkdir(parents=True, exist_ok=True)
    swap.remove_leftovers(target.parent)
    tmp, lock = swap.new_build_folder(target.parent)
    try:
        swap.checkpoint("created")
        progress("2/3 MkDocs でサイトを組み立てています（--strict）…")
        hook.pregenerated.add(project.root)
        start = time.perf_counter()
        scanner = ScanBesideBuild(tmp)
        try:
            run_mkdocs(project.root / "mkdocs.yml", tmp, scanner=scanner)
        except BaseException:
            scanner.close()
            raise
        finally:
            hook.pregenerated.discard(project.root)
        report.mkdocs_s = time.perf_counter() - start
        swap.checkpoint("built")
        progress("3/3 生成した HTML の安全性を確認しています…")
        start = time.perf_counter()
        findings = scanner.finish()     # what the workers found while MkDocs built, and files written after
        report.scan_s = time.perf_counter() - start
        if findings:
            raise BuildFailed(f"安全でない HTML が {len(findings)} 件見つかりました", [f.format() for f in findings])
        swap.checkpoint("scanned")
        check_site_dir(project, target)     # again: the folder may have changed during the build
        swap.swap_in(tmp, target)
    finally:
        os.close(lock)
        shutil.rmtree(tmp, ignore_errors=True)
    return report
