"""Filters on /cases/: AND across facets, OR within one, keywords, counts, live region, shareable URL.

Expected ids of the shared URLs are worked out from the case data with the rule the page states
(AND across facets, OR within one; keywords folded as the search worker folds them), so editing
or adding cases does not break the test. Pagination is tested on a larger site (test_list_pages.py).
"""
import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from casebook.book import load_book
from casebook.core.project import Project
from casebook.render.facets import FACETS
from list_support import keyword_match

PROJECT = Project(Path(__file__).resolve().parents[2])
BOOK, _ = load_book(PROJECT)
READY = "#cb-facets:not([hidden]):not([data-cb-busy])"


def matching(query: str) -> list[str]:
    wanted: dict[str, set] = {}
    words = ""
    for facet, value in parse_qsl(query.lstrip("?")):
        if facet == "q":
            words = value
            continue
        wanted.setdefault(facet, set()).update(value.split(","))
    return [c.id for c in BOOK.listed() if all(set(c.keys(f)) & keys for f, keys in wanted.items())
            and keyword_match(PROJECT, BOOK, c, words)]

COMBINATIONS = [
    "?block=kinki&theme=supervision",
    "?area_type=rural&theme=supervision",
    "?block=hokkaido,tohoku&theme=collaboration",
    "?block=hokkaido&block=tohoku&theme=collaboration",      # repeated keys = OR too
    "?partner=support-council&resource_level=few",
    "?role=flat-relations&collaboration_point=join-meetings",
    "?population_band=over-1m&area_type=metropolitan&resource_level=many",
    "?stance=respect-will",                                  # a guide's point ("…の事例をすべて見る")
    "?q=協議会&block=kinki,tohoku,kyushu-okinawa",            # keyword AND facets
    "?q=過疎",                                              # region synonyms: 中山間, 郡部
    "?q=はろーわーく",                                       # hiragana finds ハローワーク
    '?q="最後の砦"',                                         # a quoted phrase
    "?q=ｼﾞｮﾌﾞｺｰﾁ",                                          # half-width kana, glossary synonym JC
]

VISIBLE = """() => Array.from(document.querySelectorAll('a[data-cb-id]'))
  .filter(a => !a.closest('tr').hidden).map(a => a.dataset.cbId)"""


@pytest.fixture
def cases_url(base_url):
    return f"{base_url}/cases/"


def test_shared_urls_give_exact_cases(page, cases_url):
    for query in COMBINATIONS:
        expected = matching(query)
        assert expected, query          # a combination that matches nothing tests nothing
        page.goto(cases_url + query)
        page.wait_for_selector(READY)
        assert page.evaluate(VISIBLE) == expected, query
        assert f"{len(expected)} 件の事例" in page.locator("#cb-facets-status").inner_text()


def test_checkboxes_update_list_counts_and_url_then_reset(page, cases_url):
    page.goto(cases_url)
    page.wait_for_selector("#cb-facets:not([hidden])")
    assert len(page.evaluate(VISIBLE)) == 21
    page.get_by_role("group", name="論点").get_by_label(re.compile("事業所へのスーパーバイズ")).check()
    page.locator("fieldset[data-cb-facet=area_type] input[value=rural]").check()
    page.wait_for_selector(READY)
    assert page.evaluate(VISIBLE) == ["c01", "c16"]
    assert page.evaluate("location.search") == "?theme=supervision&area_type=rural"
    label = page.locator("label[for=cb-f-area_type-rural]").inner_text()
    assert label.endswith("（2）")
    assert page.locator("#cb-facets-status").get_attribute("aria-live") == "polite"
    # the shared URL reproduces the same list in a fresh page load
    page.goto(page.url)
    page.wait_for_selector(READY)
    assert page.evaluate(VISIBLE) == ["c01", "c16"]
    page.get_by_role("button", name="条件をすべて解除").click()
    page.wait_for_function("location.search === ''")
    page.wait_for_selector(READY)
    assert len(page.evaluate(VISIBLE)) == 21


def test_every_fieldset_has_a_legend_and_labelled_boxes(page, cases_url):
    page.goto(cases_url)
    page.wait_for_selector("#cb-facets:not([hidden])")
    facets = page.eval_on_selector_all("fieldset[data-cb-facet]", "fs => fs.map(f => f.dataset.cbFacet)")
    # a facet is offered when at least one case has a value in it (samples may have no fiscal_year)
    assert facets == [f for f in FACETS if any(BOOK.with_key(f, k) for k in BOOK.taxonomy[f].keys())]
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('#cb-facets input'))
        .filter(i => !document.querySelector('label[for="' + i.id + '"]')).length""")
    assert unlabelled == 0


def test_without_javascript_every_case_is_listed(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/cases/")
    assert page.locator("a[data-cb-id]").count() == 21
    assert page.locator("#cb-facets").is_hidden()
    context.close()


def test_phone_width_closes_the_panel_and_shows_one_card_per_case(browser, cases_url):
    """At 375 px the filters fold away and the 10-column table becomes labelled cards that fit."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(cases_url + "?block=kinki&theme=supervision")
        page.wait_for_selector(READY)
        assert page.evaluate("document.querySelector('.cb-facets__panel').open") is False
        assert page.locator(".cb-facets__panel > summary").inner_text() == "絞り込みの条件（2 件を選択中）"
        assert page.evaluate(VISIBLE) == ["c13"]
        wrap = "document.querySelector('[data-cb-list-wrap]')"
        assert page.evaluate(f"{wrap}.scrollWidth <= {wrap}.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        row = page.locator("tr:not([hidden]) td")
        assert row.first.evaluate("td => getComputedStyle(td).display") == "block"
        labels = row.evaluate_all("tds => tds.map(td => td.dataset.label)")
        assert labels[:4] == ["ID", "題名", "ブロック", "論点"] and len(labels) == 10
        assert page.get_by_role("table").count() == 1
        assert page.get_by_role("row").count() == 2             # header row + c13 (hidden rows are not rows)
        assert page.get_by_role("cell", name="c13").count() == 1
        # opening the panel shows the boxes; the filter still works in the folded layout
        page.locator(".cb-facets__panel > summary").click()
        page.locator("fieldset[data-cb-facet=block] input[value=kinki]").uncheck()
        page.wait_for_selector(READY)
        assert page.evaluate(VISIBLE) == ["c01", "c04", "c07", "c10", "c13", "c16", "c19"]
        assert page.locator(".cb-facets__panel > summary").inner_text() == "絞り込みの条件（1 件を選択中）"
    finally:
        context.close()


def test_wide_screen_keeps_the_table_and_the_open_panel(page, cases_url):
    page.goto(cases_url)
    page.wait_for_selector("#cb-facets:not([hidden])")
    assert page.evaluate("document.querySelector('.cb-facets__panel').open") is True
    assert page.locator("tr td").first.evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert page.locator(".cb-facets__panel > summary").inner_text() == "絞り込みの条件"


def test_keyword_box_filters_with_the_facets_and_goes_into_the_url(page, cases_url):
    page.goto(cases_url + "?theme=collaboration")
    page.wait_for_selector(READY)
    box = page.get_by_label("キーワード（題名・要約・分類の名前）")
    box.fill("ハローワーク")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'ハローワーク'")
    page.wait_for_selector(READY)
    expected = matching("?theme=collaboration&q=ハローワーク")
    assert expected and page.evaluate(VISIBLE) == expected
    assert page.evaluate("new URLSearchParams(location.search).get('theme')") == "collaboration"
    assert f"{len(expected)} 件の事例" in page.locator("#cb-facets-status").inner_text()
    box.fill("該当しないはずの語ですぞ")
    page.wait_for_function("document.querySelectorAll('a[data-cb-id]').length === 0")
    assert page.locator("#cb-facets-empty").is_visible()
    box.fill("")
    page.wait_for_function("!new URLSearchParams(location.search).has('q')")
    page.wait_for_selector(READY)
    assert page.evaluate(VISIBLE) == matching("?theme=collaboration")


def test_page_load_fetches_no_list_data_until_a_filter_is_used(page, cases_url):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(cases_url)
    page.wait_for_selector(READY)
    assert not [u for u in seen if u.endswith("/list.js")]
    page.locator("fieldset[data-cb-facet=block] input[value=kinki]").check()
    page.wait_for_selector(READY)
    assert len([u for u in seen if u.endswith("/cases/list.js")]) == 1
