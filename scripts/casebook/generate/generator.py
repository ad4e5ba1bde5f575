"""load -> validate -> model -> render -> write: the generator as one call."""
from __future__ import annotations

import contextlib
import functools
import gc
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..book import load_book
from ..core.diagnostics import CasebookError
from ..core.errors import ForeignFolder
from ..core.project import Project
from ..model import Casebook
from ..render.case import render_case
from ..render.export import data_files
from ..render.list_pages import render_list_data
from ..render.pages import render_all_lists, render_rules
from ..render.qr import public_base
from ..render.template import render_template_part
from ..render.workshop import render_workshop
from ..rules.validate import NO_SKIP, FileCache, Skip
from ..sources.facilitation import load_notes
from ..sources.glossary import abbreviations, load_glossary
from .output import sync

# The renderers write links from the docs root ("/cases/c01.md"). MkDocs resolves those, but
# Zensical and other Markdown tools do not, so every file is written with relative links.
DOCS_LINK = re.compile(r"\]\(/([^)\s]+)\)")
# Parts are included by hand-written pages (--8<--); their links are relative to the including
# page's folder (the first matching prefix wins). tests/test_generate.py checks this table
# against the includes in docs/.
PART_HOMES = {"_parts/points/policy_direction/": "background", "_parts/points/": "guide", "_parts/": ""}


def page_dir(rel: str) -> str:
    """The docs folder a generated file's links are resolved from."""
    for prefix, home in PART_HOMES.items():
        if rel.startswith(prefix):
            return home
    return posixpath.dirname(posixpath.join("cases", rel))


@functools.cache
def _relative(target: str, base: str) -> str:
    return posixpath.relpath(target, base or ".")


def relative_links(text: str, base: str) -> str:
    return DOCS_LINK.sub(lambda m: f"]({_relative(m.group(1), base)})", text)


@dataclass
class Result:
    book: Casebook
    counts: dict
    seconds: float


def render_site(project: Project, book: Casebook) -> dict[str, str]:
    terms = load_glossary(project)
    abbr = abbreviations(terms)
    base = public_base(project)   # public site URL for handout addresses and QR codes
    pages = {f"{case.id}.md": render_case(book, case, abbr, base) for case in book.cases}
    pages.update(render_all_lists(book, terms, abbr))
    pages["_parts/rules.md"] = render_rules()
    pages.update(render_workshop(book, abbr, base, load_notes(project)) | data_files(project, book, base))  # trainers: sets, /data/, feed
    pages["_parts/template.md"] = render_template_part(project)
    pages.update(render_list_data(project, book))     # the filtered case list's data (/cases/list.js)
    return {rel: relative_links(text, page_dir(rel)) if rel.endswith(".md") else text
            for rel, text in pages.items()}


def generate(project: Project, drafts: bool = False, *, cache: FileCache | None = None,
             skip: Skip = NO_SKIP, skipped: Callable[[], list] | None = None) -> Result:
    """Every case is validated, drafts too; with `drafts` (previews) a draft gets its page, else
    (the deployed site) the pages are made from the book without drafts, so no page, list or
    data file can mention one. `cache` and `skip`: see rules.validate.validate; `skipped` returns
    what the skipped rules found (run elsewhere meanwhile): it is asked before anything is
    written, and its findings stop generation as the others do."""
    start = time.perf_counter()
    with _no_cycle_collection():
        return _generate(project, drafts, cache, skip, skipped, start)


@contextlib.contextmanager
def _no_cycle_collection():
    """Generation makes about a million small objects and keeps nearly all of them until it
    returns; the cyclic collector's passes over them cost a fifth of its time (measured at
    1,000 cases) and free nothing. Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _generate(project: Project, drafts: bool, cache: FileCache | None, skip: Skip,
              skipped: Callable[[], list] | None, start: float) -> Result:
    book, _ = load_book(project, cache, skip)
    if not drafts:
        book = book.without_drafts()
    out = project.out_dir
    if not out.resolve().is_relative_to(project.root.resolve()):     # docs/ or docs/cases/ linked elsewhere
        raise ForeignFolder(f"生成先 {out} がリポジトリの外を指しています -- docs/cases/ のリンクを削除してください")
    pages = render_site(project, book)
    found = skipped() if skipped else []
    if found:
        raise CasebookError(found)
    counts = sync(out, pages)
    return Result(book, counts, time.perf_counter() - start)
