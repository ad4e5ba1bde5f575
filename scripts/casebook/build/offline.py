"""`casebook offline`: a zip of the site that works from file:// with no network (search included).

The site is built as usual (build_site) with the plugin's `offline` option, which switches to
file URLs, ships a worker shim and writes the index as a script (plugin/offline.py); this
module zips the result.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from ..core.progress import Progress, quiet
from ..core.project import Project
from ..generate.guard import SITE_MARKER, check_zip_output
from .site import build_site

DEFAULT_OUTPUT = Path("dist") / "casebook-offline.zip"
TOP = "casebook-offline"


README = """基幹型 実践事例集（オフライン版）

このフォルダーの index.html をブラウザーで開くと、インターネットにつながっていなくても
事例集を読めます（検索も使えます）。フォルダーごとコピーすれば USB メモリーなどでも配れます。
事例ページの QR コードと「このページのアドレス」は、公開しているサイトの同じページを指しています。
"""


def _zip(site: Path, output: Path, epoch: int) -> int:
    stamp = time.gmtime(max(epoch, 315532800))[:6]     # zip cannot store dates before 1980
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)   # never through a link
    tmp = Path(name)
    os.fchmod(fd, 0o644)
    count = 0
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            entries = [(f"{TOP}/はじめにお読みください.txt", README.encode("utf-8"))]
            entries += [(f"{TOP}/{p.relative_to(site).as_posix()}", p.read_bytes())
                        for p in sorted(site.rglob("*")) if p.is_file() and p.name != SITE_MARKER]
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
                count += 1
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def build_offline(project: Project, output: Path, progress: Progress = quiet, *, drafts: bool = False) -> int:
    """The usual build (validate, generate, strict MkDocs, safety scan) in its offline variant,
    into a temporary folder, then zipped; returns the number of files in the zip.
    Raises UnsafePath, before building, for an output that is not a new or earlier zip file.
    With `drafts` the copy is a preview (the pull request's): drafts have their page."""
    output = check_zip_output(project, output)
    tmp = Path(tempfile.mkdtemp(prefix="casebook-offline-"))
    try:
        build_site(project, tmp / "site", progress=progress, offline=True, drafts=drafts)
        progress(f"{output} にまとめています…")
        return _zip(tmp / "site", output, int(os.environ["SOURCE_DATE_EPOCH"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
