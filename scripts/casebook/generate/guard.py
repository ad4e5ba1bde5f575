"""Which folders and files casebook may replace or delete.

Every command that removes or replaces something on disk asks here first. A site folder is
replaced only when it does not exist yet, is empty, or carries the owner marker that casebook
writes into every site folder it makes; and never when it is, holds or lies inside the
repository's sources. Library code raises UnsafePath; the CLI turns it into exit 2.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ..core.errors import UnsafePath
from ..core.project import Project

SITE_MARKER = ".casebook-site"
SITE_MARKER_TEXT = ("このフォルダは casebook build が作ったサイトです。\n"
                    "次のビルドで丸ごと置き換わるので、ここに手でファイルを置かないでください。\n")
PROTECTED = ("cases", "docs", ".git")


def absolute(path: Path) -> Path:
    """Absolute without following symlinks, so the last component can still be checked."""
    return Path(os.path.abspath(path))


def is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def owns_site(folder: Path) -> bool:
    marker = folder / SITE_MARKER
    return marker.is_file() and not marker.is_symlink()


def _legacy_site(project: Project, folder: Path) -> bool:
    """site/ built before the owner marker existed: MkDocs output in the default place."""
    return (folder == project.root.resolve() / "site" and (folder / "index.html").is_file()
            and (folder / "sitemap.xml").is_file() and (folder / "search").is_dir())


def _refuse_inside_sources(real: Path, root: Path, what: str, hint: str) -> None:
    """Nothing casebook writes may land inside the repository's cases/, docs/ or .git."""
    for name in PROTECTED:
        if is_within(real, root / name):
            raise UnsafePath(f"{what} はリポジトリの {name}/ の中です{hint}")


def check_site_dir(project: Project, raw: Path) -> Path:
    """The resolved site folder if casebook may replace it; raises UnsafePath otherwise."""
    path, shown = absolute(raw), str(raw)
    hint = " -- 新しいフォルダ名（例: site）を指定してください"
    if path.is_symlink():
        raise UnsafePath(f"サイトの出力先 {shown} はシンボリックリンクなので使えません{hint}")
    if path.exists() and not path.is_dir():
        raise UnsafePath(f"サイトの出力先 {shown} はフォルダではなくファイルです{hint}")
    real, root = path.resolve(), project.root.resolve()
    if is_within(root, real):
        raise UnsafePath(f"サイトの出力先 {shown} はリポジトリそのもの、またはそれを含むフォルダです"
                         f"（置き換えるとリポジトリが消えます）{hint}")
    ours = real.is_dir() and (owns_site(real) or _legacy_site(project, real))
    _refuse_inside_sources(real, root, f"サイトの出力先 {shown}", hint)
    # A built site has cases/ (the case pages) but never docs/, .git or mkdocs.yml.
    for name in (".git", "docs", "mkdocs.yml") if ours else (*PROTECTED, "mkdocs.yml"):
        if os.path.lexists(real / name):
            raise UnsafePath(f"サイトの出力先 {shown} には {name} があります（リポジトリのようです）{hint}")
    if real.is_dir() and any(real.iterdir()) and not ours:
        raise UnsafePath(f"サイトの出力先 {shown} は casebook が作ったフォルダではなく、空でもありません"
                         f"（{SITE_MARKER} がありません）{hint}、または中身を移してから実行してください")
    return real


def check_zip_output(project: Project, raw: Path) -> Path:
    """A zip file casebook writes, replacing only an earlier zip (never a source or a folder)."""
    path, shown = absolute(raw), str(raw)
    hint = " -- 別の出力先（例: dist/casebook-offline.zip）を指定してください"
    if path.is_symlink():
        raise UnsafePath(f"出力先 {shown} はシンボリックリンクなので使えません{hint}")
    if path.exists() and not path.is_file():
        raise UnsafePath(f"出力先 {shown} はファイルではありません（フォルダなど）{hint}")
    real, root = path.resolve(), project.root.resolve()
    _refuse_inside_sources(real, root, f"出力先 {shown}", hint)
    if path.suffix.lower() != ".zip":
        raise UnsafePath(f"出力先 {shown} の拡張子が .zip ではありません{hint}")
    if path.exists() and not zipfile.is_zipfile(path):
        raise UnsafePath(f"出力先 {shown} は zip ファイルではないので上書きしません{hint}")
    return real
