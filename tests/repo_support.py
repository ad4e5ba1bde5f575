"""A throwaway copy of the repository for tests that change or build it."""
from __future__ import annotations

import shutil
import socket
import urllib.request
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


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> str:
    """The page's text, or "" while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def plant_traps(repo: Path) -> None:
    """Folders, files and links a --site-dir must never replace (the repository's own .git too)."""
    (repo / ".git").mkdir(exist_ok=True)
    (repo / "other-repo" / ".git").mkdir(parents=True)
    (repo / "holds-docs" / "docs").mkdir(parents=True)
    (repo / "holds-cases" / "cases").mkdir(parents=True)
    (repo / "a-file.txt").write_text("x", encoding="utf-8")
    (repo / "link-to-new").symlink_to(repo.parent / "elsewhere")
    (repo / "link-to-root").symlink_to(repo)
    (repo / "via-link").symlink_to(repo / "cases")


def previous_site(repo: Path) -> Path:
    """A site/ as an earlier build leaves it (owner marker included), to see that a failed build keeps it."""
    from casebook.generate.guard import SITE_MARKER
    site = repo / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    (site / SITE_MARKER).write_text("", encoding="utf-8")
    return site
