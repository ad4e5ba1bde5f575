"""The casebook MkDocs plugin: runs the generator inside `mkdocs build` / `mkdocs serve`.

Registered by the `mkdocs.plugins` entry point `casebook` and listed in mkdocs.yml after
search and tags. Only MkDocs-specific glue lives here; the generator writes plain Markdown.
MkDocs keeps a plugin that defines on_startup across the rebuilds of `mkdocs serve`, so the
search entries of unchanged case pages survive a --dirty rebuild on the instance.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from ..core.diagnostics import CasebookError, summary
from ..core.errors import ForeignFolder
from ..core.project import Project
from ..generate.generator import generate
from ..render import feed
from ..render.export import DATA_SOURCE, published_path
from ..render.markup import meta_text
from ..render.minify import collapse_indentation
from ..render.search import EXCLUDE_PAGES, case_entries, case_order, rewrite_index, synonym_groups
from ..render.search_alongside import SearchSideFailed
from . import offline
from .config import CasebookConfig

log = logging.getLogger("mkdocs.plugins.casebook")
CASE_PAGE = re.compile(r"cases/(c[0-9]{2,4})\.md\Z")
# Material's search plugin writes search_index.json in on_post_build at priority 0; the
# compact index is made from it, so ours runs later.
AFTER_MATERIAL_SEARCH = -100
LAST = -100


@dataclass
class SearchState:
    """Search entries of a project's case pages (see search.case_entries), kept between the
    builds of one `mkdocs serve` so a --dirty rebuild, which renders only the changed pages,
    still indexes the others; and the pages of the current build in build order (the order
    of Material's index)."""
    entries: dict[str, list] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    case_urls: set[str] = field(default_factory=set)


def edit_base(root: Path) -> str | None:
    """Where "edit this page" points: CASEBOOK_EDIT_BASE, else the GitHub origin, else none."""
    base = os.environ.get("CASEBOOK_EDIT_BASE")
    if base is None:
        try:
            url = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None
        match = re.match(r"(?:https://github\.com/|git@github\.com:)([^/]+/[^/]+?)(?:\.git)?$", url)
        base = f"https://github.com/{match.group(1)}/edit/main/" if match else ""
    return (base.rstrip("/") + "/") if base else None


def _project(config) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


class CasebookPlugin(BasePlugin[CasebookConfig]):
    def __init__(self):
        super().__init__()
        # by mkdocs.yml path: one process may build several repositories (tests, bench)
        self.search: dict[str, SearchState] = {}
        # Set by `casebook build`, which has just generated the pages: skip it once.
        self.pregenerated = False
        self.serving = False     # `mkdocs serve` is a preview: drafts get their page
        # Set by `casebook serve`: the search data is written after the page is shown
        # (build/serve.py runs search_job), not inside the build the browser waits for.
        self.defer_search = False
        self.search_job = None
        # seconds the last build's main process spent on the search data after the pages,
        # waiting for search_side included (bench reports it)
        self.search_s = 0.0
        # Set by `casebook build`: pages go to the safety scan as they are rendered
        # (sitecheck.alongside.ScanAlongside), case pages' search entries to the search
        # worker (render.search_alongside.SearchAlongside).
        self.scan = None
        self.search_side = None

    def _search(self, config) -> SearchState:
        return self.search.setdefault(config.config_file_path, SearchState())

    def on_startup(self, *, command, dirty):
        """Defined so that MkDocs keeps this instance across the rebuilds of `mkdocs serve`."""
        self.serving = command == "serve"

    @property
    def drafts(self) -> bool:
        return self.config.drafts or self.serving

    def on_config(self, config):
        project = _project(config)
        snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
        snippets["base_path"] = [str(project.out_dir / "_parts")]
        config.extra["casebook_edit_base"] = edit_base(project.root)
        if self.config.offline:
            offline.configure(config)
        return config

    def on_pre_build(self, *, config):
        if self.pregenerated:
            self.pregenerated = False
            return
        project = _project(config)
        try:
            result = generate(project, drafts=self.drafts)
        except CasebookError as exc:
            for diagnostic in exc.diagnostics:
                log.error(diagnostic.format())
            raise PluginError(f"事例の検証に失敗しました: {summary(exc.diagnostics)}") from None
        except ForeignFolder as exc:
            raise PluginError(str(exc)) from None
        log.info("casebook: %d 件の事例から %d ファイルを更新しました", len(result.book.cases), result.counts["written"])

    def on_serve(self, server, *, config, builder):
        server.watch(str(_project(config).cases_dir))
        return server

    def on_files(self, files, *, config):
        """Search: the case pages of this build. Trainers: data downloads and the feed at
        their URLs, and the offline copy's worker shim."""
        state = self._search(config)
        state.order = []       # filled in on_page_context, where Material's plugin adds its entries
        state.case_urls = {f.url for f in files.documentation_pages() if CASE_PAGE.match(f.src_uri)}
        if self.search_side is not None:
            self.search_side.begin(Path(config.site_dir) / "search", synonym_groups(_project(config)))
        publish_data(files, config)
        if self.config.offline:
            offline.add_files(files, config)
        return files

    def on_page_content(self, html, *, page, config, files):
        """Index a case page ourselves; keep Material's search plugin from parsing it, and from
        parsing the pages the compact index leaves out anyway (print handouts).

        Also escape the front matter of hand-written pages (the generator escapes its own, see
        render.case.front_matter): the theme writes title and description into HTML unescaped."""
        if not page.file.src_uri.startswith("cases/"):
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = meta_text(page.meta[key])
        indexed_here = CASE_PAGE.match(page.file.src_uri)
        if indexed_here and (page.meta.get("search") or {}).get("exclude"):    # a draft's preview page
            self._search(config).entries.pop(page.url, None)
            indexed_here = None
        if indexed_here:
            entries = self._search(config).entries[page.url] = case_entries(html, page.url, page.meta.get("tags"))
            if self.search_side is not None:
                self.search_side.page(page.url, entries)
        if indexed_here or page.url.startswith(EXCLUDE_PAGES):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return html

    def on_env(self, env, *, config, files):
        """MkDocs has read every page (on_page_content) and starts writing them."""
        if self.search_side is not None:
            self.search_side.settle()
        return env

    def on_page_context(self, context, *, page, config, nav):
        self._search(config).order.append(page.url)
        base = config.extra.get("casebook_edit_base")
        src = page.file.src_uri
        case_page = CASE_PAGE.match(src)
        if not base:
            page.edit_url = None
        elif case_page:
            page.edit_url = f"{base}cases/{case_page.group(1)}.yaml"
        elif src.startswith("cases/"):
            page.edit_url = None       # lists are generated from data: nothing to edit on this page
        else:
            page.edit_url = f"{base}docs/{src}"
        return context

    @event_priority(LAST)
    def on_post_page(self, output, *, page, config):
        """Last of all plugins, so the page handed to the scan is the page MkDocs writes."""
        output = collapse_indentation(feed.head_link(output, page.url))
        if self.scan is not None:
            self.scan.page(page.file.dest_uri, output)
        return output

    @event_priority(AFTER_MATERIAL_SEARCH)
    def on_post_build(self, *, config):
        """Compact the index for the Japanese search worker (render/search.py); then, for the
        offline copy, the index as a script (it copies the compact index)."""
        project, state = _project(config), self._search(config)
        state.entries = {url: entries for url, entries in state.entries.items() if url in state.case_urls}
        urls = case_order(state.entries, state.order)
        extra = [entry for url in urls for entry in state.entries[url]]
        if self.defer_search:
            self.search_job = functools.partial(rewrite_index, Path(config.site_dir), project, extra, list(state.order))
            return
        start = time.perf_counter()
        side, self.search_side = self.search_side, None
        try:
            # The worker numbered the case pages as they came: only the same order gives the same files.
            if side is None or side.urls != urls:
                raise SearchSideFailed("no worker, or the case pages came in another order")
            rewrite_index(Path(config.site_dir), project, [], state.order, write=side.write)
        except SearchSideFailed as exc:
            log.debug("casebook: 検索データはこのプロセスで書きます（%s）", exc)
            if side is not None:
                side.close()
            rewrite_index(Path(config.site_dir), project, extra, state.order)
        if side is not None:      # rewrite_index may have had nothing to rewrite
            side.close()
        self.search_s = time.perf_counter() - start
        if self.config.offline:
            offline.post_build(config)


def publish_data(files, config) -> None:
    """Serve docs/cases/_data/* at /data/* and /feed.xml.

    The generator owns only docs/cases/, so it writes these files there as plain files;
    this glue moves them to their public URLs. MkDocs then knows them as site files, so
    Markdown links such as [CSV](data/cases.csv) are checked by --strict and work in the
    offline copy too.
    """
    from mkdocs.structure.files import File
    for file in [f for f in files if f.src_uri.startswith(DATA_SOURCE)]:
        files.remove(file)
        files.append(File.generated(config, published_path(file.src_uri[len(DATA_SOURCE):]),
                                    abs_src_path=file.abs_src_path))
