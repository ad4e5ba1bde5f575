"""The generator's own folder: write what changed, delete what is no longer made.

The folder is casebook's only while it carries the marker file, and the marker lists every
file casebook wrote there. So a file someone put in the folder by hand is never deleted or
overwritten: sync refuses (ForeignFolder, with the file named) before it writes anything.
Every write stays inside the folder: page names are checked part by part, the real path is
checked to lie inside, and symlinks in the folder are refused rather than followed.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from ..core.errors import ForeignFolder

MARKER = ".casebook-generated"
MARKER_TEXT = ("このフォルダは casebook が生成します。手で編集しないでください。\n"
               "内容は cases/*.yaml から作られ、ビルドのたびに上書き・削除されます。\n")
LIST_HEAD = "# casebook が書いたファイル（次の生成で消してよいもの）:\n"
TMP_SUFFIX = ".casebook-tmp"     # `.NAME.casebook-tmp`: MkDocs skips dot files; a killed run's leftovers are ours


def _marker_text(names) -> str:
    return MARKER_TEXT + LIST_HEAD + "".join(f"{name}\n" for name in sorted(names))


def _owned(out_dir: Path) -> set[str] | None:
    """Files the marker says casebook wrote; None for a marker from before the list existed."""
    text = (out_dir / MARKER).read_text(encoding="utf-8", errors="replace")
    if LIST_HEAD not in text:
        return None
    return set(text.split(LIST_HEAD, 1)[1].splitlines())


def _check_name(rel: str) -> tuple[str, ...]:
    parts = tuple(rel.split("/"))
    if any(p in ("", ".", "..") or p.startswith(".") or any(c in p for c in "\\\0\n\r") for p in parts):
        raise ForeignFolder(f"生成するファイル名 {rel!r} が生成先のフォルダの外や隠しファイルを指しています"
                            " -- taxonomy.yml のキーなどに使える文字は英小文字・数字・ハイフンだけです")
    return parts


def _survey(out_dir: Path) -> dict[str, Path]:
    """Every file in out_dir by its relative name; refuses symlinks and special files."""
    found = {}
    for folder, dirs, files in os.walk(out_dir):
        for name in dirs + files:
            path = Path(folder, name)
            mode = path.lstat().st_mode
            rel = path.relative_to(out_dir).as_posix()
            if stat.S_ISLNK(mode):
                raise ForeignFolder(f"{out_dir}/{rel} はシンボリックリンクです。生成先のフォルダにはリンクを置けません"
                                    " -- 削除してから実行してください")
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise ForeignFolder(f"{out_dir}/{rel} は通常のファイルではありません -- 削除してから実行してください")
            if stat.S_ISREG(mode):
                found[rel] = path
    return found


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _ours(out_dir: Path) -> dict[str, Path]:
    """The files in out_dir that casebook wrote; refuses a folder holding anyone else's.

    Foreign dot files (.DS_Store and the like) are left alone: MkDocs never reads them.
    """
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise ForeignFolder(f"生成先 {out_dir} がフォルダではありません（シンボリックリンクかファイル）"
                            " -- 削除してから実行してください")
    if not out_dir.exists():
        return {}
    found = _survey(out_dir)
    visible = [rel for rel in found if not _hidden(rel)]
    if MARKER not in found:
        if visible:
            raise ForeignFolder(f"{out_dir} に casebook 以外のファイルがあります（{MARKER} がありません）"
                                " -- 生成先として使うなら中身を移動してから実行してください")
        return {}
    owned = _owned(out_dir)
    foreign = sorted(rel for rel in visible if owned is not None and rel not in owned)
    if foreign:
        listed = "、".join(foreign[:5]) + (f" ほか {len(foreign) - 5} 件" if len(foreign) > 5 else "")
        raise ForeignFolder(f"{out_dir} に casebook が作っていないファイルがあります: {listed}"
                            " -- このフォルダは生成専用です。手で書いたページは docs/ の別の場所に移してください")
    return {rel: path for rel, path in found.items()
            if rel == MARKER or rel.endswith(TMP_SUFFIX) or (not _hidden(rel) and (owned is None or rel in owned))}


def _write(out_dir: Path, rel: str, data: bytes, real_out: Path, ready: set[str]) -> None:
    """`real_out`: out_dir.resolve(), once per sync. `ready`: the folders (relative names) this
    sync has made ready and checked already, so that the folder part below is done once per
    folder, not once per file (at 1,000 cases it was a third of writing the pages into a new
    folder)."""
    target = out_dir.joinpath(*rel.split("/"))
    parent = rel.rpartition("/")[0]
    if parent not in ready:
        folder = out_dir
        for part in rel.split("/")[:-1]:
            folder = folder / part
            if folder.is_file():       # a stale page of ours where a folder is now wanted
                folder.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.resolve().is_relative_to(real_out):
            raise ForeignFolder(f"生成するファイル {rel!r} が生成先のフォルダの外に出ます")
        ready.add(parent)
    # The second wall after _check_name: the folder lies inside (checked above), and the file
    # itself must not be a link.
    if target.is_symlink():
        raise ForeignFolder(f"生成するファイル {rel!r} が生成先のフォルダの外に出ます")
    if target.is_dir():            # a stale folder of ours (surveyed: no links in it)
        shutil.rmtree(target)
    tmp = target.with_name(f".{target.name}{TMP_SUFFIX}")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def sync(out_dir: Path, pages: dict[str, str]) -> dict[str, int]:
    """Make out_dir hold exactly `pages`; touch only files whose bytes change.

    Unchanged files keep their mtime, so `mkdocs serve` sees no change and a
    rebuild triggered by our own writes settles after one round.
    """
    for rel in pages:
        _check_name(rel)
    ours = _ours(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    marker_path = out_dir / MARKER
    marker_before = marker_path.read_bytes() if MARKER in ours else None
    marker = _marker_text(pages).encode("utf-8")
    # The list in the marker names every file before it is written, so a run killed half-way
    # leaves nothing that the next run would take for someone else's file.
    listed = set(ours) - {MARKER}
    real_out, ready = out_dir.resolve(), set()
    if marker_before is None or not listed.issuperset(pages):
        _write(out_dir, MARKER, _marker_text(listed | set(pages)).encode("utf-8"), real_out, ready)
    counts = {"written": 0, "unchanged": 0, "deleted": 0}
    for rel, content in pages.items():
        data = content.encode("utf-8")
        path = out_dir.joinpath(*rel.split("/"))
        if path.is_file() and path.read_bytes() == data:
            counts["unchanged"] += 1
            continue
        _write(out_dir, rel, data, real_out, ready)
        counts["written"] += 1
    for rel in sorted(set(ours) - set(pages) - {MARKER}, reverse=True):
        path = out_dir.joinpath(*rel.split("/"))
        if path.is_file() and not path.is_symlink():
            path.unlink()
            counts["deleted"] += 0 if rel.endswith(TMP_SUFFIX) else 1
    for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir() and not p.is_symlink()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if marker_path.read_bytes() != marker:
        _write(out_dir, MARKER, marker, real_out, ready)
    counts["written" if marker_before != marker else "unchanged"] += 1
    return counts
