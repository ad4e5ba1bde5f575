"""axe-core on every page type, in the light and the dark scheme: zero WCAG 2.2 A/AA violations.

Best-practice results are collected and printed in the summary table, not failed.
"""
import pytest
from quality_gates import PAGE_TYPES, load, run_axe

SCHEME_ATTRIBUTE = {"light": "default", "dark": "slate"}


def _check(tab, base_url, page_type, axe_source, stats) -> list[str]:
    load(tab, base_url, page_type)
    scheme = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == SCHEME_ATTRIBUTE[tab.scheme], f"{tab.scheme} の配色になっていません: {scheme}"
    # Best practice does not depend on colours: looked at once, in the light scheme.
    result = run_axe(tab, axe_source, best_practice=tab.scheme == "light")
    stats.axe_pages += 1
    stats.axe_violations += sum(len(v["nodes"]) for v in result.violations)
    stats.best_practice.update(v["id"] for v in result.best_practice)
    return [f"{page_type.label} {page_type.path}（{tab.scheme}）\n{result.describe()}"] if result.violations else []


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.key for t in PAGE_TYPES])
def test_no_wcag_violations(scheme_page, base_url, page_type, axe_source, quality_stats):
    problems = _check(scheme_page, base_url, page_type, axe_source, quality_stats)
    assert not problems, "axe の WCAG 違反:\n" + "\n".join(problems)


@pytest.mark.browser
def test_no_wcag_violations_on_pages_found_in_site(scheme_page, base_url, page_types, axe_source, quality_stats):
    """Page types that exist only once someone builds them (the tag index): found in site/."""
    extra = [t for t in page_types if t not in PAGE_TYPES]
    print(f"サイトから見つけた追加の画面: {[t.path for t in extra] or 'なし'}; " + " ".join(quality_stats.notes))
    problems = [p for t in extra for p in _check(scheme_page, base_url, t, axe_source, quality_stats)]
    assert not problems, "axe の WCAG 違反:\n" + "\n".join(problems)


@pytest.mark.browser
def test_search_dialog_shows_results(page, base_url):
    """The search page type is only meaningful if the dialog really has results for 「連携」."""
    from quality_gates import open_search
    page.goto(base_url + "/", wait_until="load")
    assert open_search(page) > 0
    assert page.locator(".md-search-result__item mark").count() > 0, "検索語が強調されていません"


@pytest.mark.browser
def test_axe_reports_low_contrast_fixture(page, fixtures_url, axe_source):
    page.goto(fixtures_url + "/low-contrast/", wait_until="load")
    result = run_axe(page, axe_source)
    assert [v["id"] for v in result.violations] == ["color-contrast"]
    assert "#aaaaaa" in result.violations[0]["nodes"][0]["failureSummary"]
