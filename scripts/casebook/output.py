"""The generator's own folder: write what changed, delete what is no longer made."""
from __future__ import annotations

import os
from pathlib import Path

MARKER = ".casebook-generated"
MARKER_TEXT = ("このフォルダは casebook が生成します。手で編集しないでください。\n"
               "内容は cases/*.yaml から作られ、ビルドのたびに上書き・削除されます。\n")


class ForeignFolder(Exception):
    pass


def sync(out_dir: Path, pages: dict[str, str]) -> dict[str, int]:
    """Make out_dir hold exactly `pages`; touch only files whose bytes change.

    Unchanged files keep their mtime, so `mkdocs serve` sees no change and a
    rebuild triggered by our own writes settles after one round.
    """
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise ForeignFolder(f"{out_dir} に casebook 以外のファイルがあります。"
                            f"生成先として使うなら中身を移動してから実行してください")
    files = {MARKER: MARKER_TEXT, **pages}
    counts = {"written": 0, "unchanged": 0, "deleted": 0}
    for rel, content in files.items():
        target = out_dir / rel
        data = content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            counts["unchanged"] += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        counts["written"] += 1
    wanted = {out_dir / rel for rel in files}
    for path in sorted(out_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            counts["deleted"] += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return counts
