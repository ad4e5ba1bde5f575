"""load -> validate -> model -> render -> write: the generator as one call."""
from __future__ import annotations

import time
from dataclasses import dataclass

from .diagnostics import CasebookError
from .glossary import abbreviations, load_glossary
from .model import Case, Casebook
from .output import sync
from .project import Project
from .new import render_template_part
from .render_case import render_case
from .render_pages import render_all_lists, render_rules
from .export import data_files
from .qr import public_base
from .render_workshop import render_workshop
from .validate import Context, validate


@dataclass
class Result:
    book: Casebook
    counts: dict
    seconds: float


def load_book(project: Project) -> tuple[Casebook, Context]:
    """Validated model of the repository; raises CasebookError with every problem."""
    ctx = Context.create(project)
    docs, problems = validate(ctx)
    if problems:
        raise CasebookError(problems)
    cases = [Case.from_data(doc.data, doc.rel) for doc in docs]
    return Casebook.build(ctx.taxonomy, cases), ctx


def render_site(project: Project, book: Casebook) -> dict[str, str]:
    terms = load_glossary(project)
    abbr = abbreviations(terms)
    base = public_base(project)   # public site URL for handout addresses and QR codes
    pages = {f"{case.id}.md": render_case(book, case, abbr, base) for case in book.cases}
    pages.update(render_all_lists(book, terms, abbr))
    pages["_parts/rules.md"] = render_rules()
    pages.update(render_workshop(book, abbr, base) | data_files(project, book, base))  # trainers: sets, /data/, feed
    pages["_parts/template.md"] = render_template_part(project)
    return pages


def generate(project: Project) -> Result:
    start = time.perf_counter()
    book, _ = load_book(project)
    counts = sync(project.out_dir, render_site(project, book))
    return Result(book, counts, time.perf_counter() - start)
