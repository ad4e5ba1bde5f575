"""The offline copy's changes to a build (`casebook offline`, option `offline` of the plugin).

The build uses use_directory_urls: false (links end in .html, so a browser opens them
from disk). Material's search runs in a Web Worker, which Chromium refuses to start from
file://; Material's own offline plugin fixes that with a shim fetched from a CDN, which
we must not use. So the build ships a small shim of its own (offline-worker.js, package
data) and, like that plugin, inlines the search index as search/search_index.js.
The zip itself is made by build/offline.py.
"""
from __future__ import annotations

import functools
from importlib.resources import files as package_files
from pathlib import Path

SHIM = "assets/javascripts/casebook-offline-worker.js"


@functools.cache
def worker_shim() -> str:
    return package_files(__package__).joinpath("offline-worker.js").read_text(encoding="utf-8")


def configure(config) -> None:
    """on_config: file-friendly URLs and the worker shim before Material's bundle."""
    config.use_directory_urls = False
    polyfills = config.extra.get("polyfills") or []
    if SHIM not in polyfills:
        config.extra["polyfills"] = [*polyfills, SHIM]


def add_files(files, config) -> None:
    """on_files: ship the shim with the offline build."""
    from mkdocs.structure.files import File
    files.append(File.generated(config, SHIM, content=worker_shim()))


def post_build(config) -> None:
    """on_post_build: the search index as a script, which file:// pages can load."""
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (index.parent / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
