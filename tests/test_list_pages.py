"""Light list pages: page split, pager, links to the filtered list, the data file, and the
keyword folding of facets.js kept equal to the search worker's."""
from __future__ import annotations

import json
import re
from pathlib import Path

from casebook.book import load_book
from casebook.build.bench import make_copy
from casebook.core.project import Project
from casebook.generate.generator import render_site
from casebook.render.list_pages import PAGE_SIZE, page_rel, shown_numbers

ROOT = Path(__file__).resolve().parents[1]


def function_source(path: Path, name: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"function {name}(")
    body = text[start:text.index("\n  }\n", start) if text[start - 2:start] == "  " else text.index("\n}\n", start)]
    return re.sub(r"\s+", " ", body).strip()


def test_list_fold_is_the_search_workers_fold():
    js = ROOT / "docs" / "javascripts"
    assert function_source(js / "facets.js", "fold") == function_source(js / "search-worker.js", "fold")


def test_page_names_and_pager_numbers():
    assert page_rel("index", 1) == "index.md" and page_rel("index", 2) == "page/2.md"
    assert page_rel("block/kinki", 1) == "block/kinki.md" and page_rel("block/kinki", 3) == "block/kinki/page/3.md"
    assert shown_numbers(1, 1) == [1]
    assert shown_numbers(1, 20) == [1, 2, 3, None, 20]
    assert shown_numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert shown_numbers(4, 5) == [1, 2, 3, 4, 5]


def test_130_cases_give_three_list_pages_and_short_guides(tmp_path):
    copy = make_copy(Project(ROOT), tmp_path, 130)
    book, _ = load_book(copy)
    pages = render_site(copy, book)
    assert {"index.md", "page/2.md", "page/3.md"} <= set(pages) and "page/4.md" not in pages
    rows = lambda rel: re.findall(r'data-cb-id="(c\d+)"', pages[rel])    # noqa: E731
    assert len(rows("index.md")) == PAGE_SIZE and rows("page/3.md") == [f"c{n}" for n in range(101, 131)]
    assert 'aria-current="page"' in pages["page/2.md"] and 'aria-label="事例一覧のページ"' in pages["page/2.md"]
    assert 'class="cb-facets"' not in pages["page/2.md"]            # the filters live on /cases/ only
    # a guide point: five cases, then a link to the filtered list with the count of all of them
    point = pages["_parts/points/role/network-building.md"]
    total = len(book.with_key("role", "network-building"))
    assert point.count("\n- ") + point.startswith("- ") == 5
    assert f"をすべて見る（{total} 件）](../cases/index.md?role=network-building)" in point
    # matrix: a cell of more than three cases is a count linking to block AND theme
    assert re.search(r"\[\d+ 件\]\(cases/index\.md\?block=hokkaido&theme=supervision\)", pages["_parts/matrix.md"])
    # the data file: every listed case once, keys as indexes into the facet tables
    head, body = pages["list.js"].split("\n", 1)
    assert head == 'cbData("list",'
    data = json.loads(body.rsplit("\n", 2)[0])
    assert [r[0] for r in data["cases"]] == [c.id for c in book.listed()]
    block = data["facets"].index("block")
    first = book.listed()[0]
    assert data["keys"]["block"][data["cases"][0][5][block][0]] == first.block
    assert any("中山間" in " ".join(g) for g in data["synonyms"])
