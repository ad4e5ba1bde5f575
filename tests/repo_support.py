"""A throwaway copy of the repository for tests that change or build it."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("mkdocs.yml", "docs", "overrides", "cases")


def copy_repo(dest: Path, with_cases: bool = True) -> Path:
    for rel in COPY:
        src = ROOT / rel
        if src.is_dir():
            ignore = shutil.ignore_patterns("cases") if rel == "docs" else None
            shutil.copytree(src, dest / rel, ignore=ignore)
        else:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    if not with_cases:
        for case in (dest / "cases").glob("c*.yaml"):
            case.unlink()
    return dest
