"""Light list pages at any number of cases: pages of a fixed size, a pager, and the compact data
file the filtered list is drawn from.

- The case list and the facet pages are split into pages of PAGE_SIZE cases with stable URLs
  (/cases/, /cases/page/2/ …; /cases/block/kinki/, /cases/block/kinki/page/2/ …). They are plain
  Markdown pages and work without JavaScript; the pager is a <nav> with aria-current.
- /cases/list.js holds every listed case's ID, title, summary and facet keys as indexes into
  label tables (plus the region and year texts of the table and the search synonyms).
  docs/javascripts/facets.js fetches it only when a filter or a keyword is used, and draws the
  filtered list from it. The file is `cbData("list",\n<JSON>\n);` like the search data, so it
  loads with fetch() over http(s) and as a script from file:// (offline copy).
- Guides show the first GUIDE_FIRST cases of a point and link to the filtered list; a cell of
  the home matrix with more than MATRIX_MAX cases shows its count as a link to it.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

from ..model import GUIDELINE_FACETS, Case, Casebook

PAGE_SIZE = 50          # 50 table rows: about 1,250 elements and 70 KB with the theme's frame
GUIDE_FIRST = 5
MATRIX_MAX = 3
DATA_NAME = "list.js"
# Order of the filter groups on the page (taxonomy names = query-string keys).
FACETS = ("block", "theme", "role", "collaboration_point", "partner", "population_band", "area_type",
          "resource_level", "fiscal_year", "program", "status",
          # the guides' points, which link here ("…の事例をすべて見る")
          "coordinator_point", "agency_point", "stance", "center_function", "policy_direction")
# Facets in the data file: the form's, the guides' points, and tags (searched, not offered).
EXTRA_FACETS = ("tag",)


def chunks(items: list, size: int = PAGE_SIZE) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def page_rel(base: str, number: int) -> str:
    """Docs path (under cases/) of page `number` of a list whose first page is `base`.md."""
    if number == 1:
        return f"{base}.md"
    stem = base[:-len("index")].rstrip("/") if base.endswith("index") else base
    return f"{stem}/page/{number}.md".lstrip("/")


def shown_numbers(current: int, total: int) -> list[int | None]:
    """Page numbers in the pager: first, last, and two each side of the current (None = gap)."""
    wanted = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    out: list[int | None] = []
    for n in wanted:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def pager(base: str, current: int, total: int, label: str) -> list[str]:
    """Markdown of the page navigation (md_in_html), or nothing for a single page."""
    if total <= 1:
        return []
    link = lambda n: f"/cases/{page_rel(base, n)}"    # noqa: E731
    items = []
    if current > 1:
        items.append(f'- [前のページ]({link(current - 1)}){{ rel="prev" }}')
    for n in shown_numbers(current, total):
        if n is None:
            items.append('- <span class="cb-pager__gap" aria-hidden="true">…</span>')
        elif n == current:
            items.append(f'- [{n}]({link(n)}){{ aria-current="page" aria-label="{n} ページ目" }}')
        else:
            items.append(f'- [{n}]({link(n)}){{ aria-label="{n} ページ目" }}')
    if current < total:
        items.append(f'- [次のページ]({link(current + 1)}){{ rel="next" }}')
    return [f'<nav class="cb-pager" aria-label="{label}" markdown>', "", *items, "", "</nav>", ""]


def page_note(current: int, total: int, count: int) -> str:
    first = (current - 1) * PAGE_SIZE + 1
    return f"{count} 件中 {first}〜{min(count, current * PAGE_SIZE)} 件目（{current}/{total} ページ）"


def filtered_url(**wanted: str) -> str:
    """Docs link to the filtered case list, e.g. /cases/index.md?block=kinki&theme=supervision."""
    return "/cases/index.md?" + urlencode(wanted, safe=",")


def more_link(value_label: str, url: str, count: int) -> str:
    """value_label is already escaped for Markdown."""
    return f"[「{value_label}」の事例をすべて見る（{count} 件）]({url})"


def data_facets(form_facets: tuple[str, ...]) -> tuple[str, ...]:
    extra = [f for f in (*GUIDELINE_FACETS, *EXTRA_FACETS) if f not in form_facets]
    return (*form_facets, *extra)


def list_data(book: Casebook, form_facets: tuple[str, ...], region_text, year_text,
              synonyms: list[list[str]]) -> str:
    """The data file of the filtered list (see the module docstring). Strings are data: the
    script inserts them with textContent, never as markup."""
    facets = [f for f in data_facets(form_facets) if f in book.taxonomy]
    keys = {f: book.reader_keys(f) for f in facets}
    position = {f: {k: i for i, k in enumerate(keys[f])} for f in facets}
    texts: dict[str, int] = {}

    def text_no(value: str) -> int:
        return texts.setdefault(value, len(texts))

    def row(case: Case) -> list:
        values = [[position[f][k] for k in case.keys(f) if k in position[f]] for f in facets]
        return [case.id, case.display_title, case.summary, text_no(region_text(case)), text_no(year_text(case)), values]
    data = {"facets": facets, "keys": keys,
            "labels": {f: [book.taxonomy[f].label_of(k) for k in keys[f]] for f in facets},
            "cases": [row(c) for c in book.listed()], "synonyms": synonyms}
    data["texts"] = list(texts)
    return f'cbData("list",\n{json.dumps(data, ensure_ascii=False, separators=(",", ":"))}\n);\n'


def render_list_data(project, book: Casebook) -> dict[str, str]:
    """{"list.js": …} for the generator (docs/cases/list.js -> /cases/list.js)."""
    from .case import region_label, year_label
    from .search import synonym_groups
    return {DATA_NAME: list_data(book, FACETS, lambda c: region_label(book, c), lambda c: year_label(book, c),
                                 synonym_groups(project))}
