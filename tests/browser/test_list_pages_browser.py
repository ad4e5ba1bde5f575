"""Light list pages on a site of 120 synthetic cases (the bench's generator): pages of 50 that
work with links only, an accessible pager, the filtered list drawn from list.js fifty at a time,
guides and the home matrix linking to the filtered list, and axe-core on the list (desktop, 375 px).
"""
from __future__ import annotations

import pytest

from repo_support import ROOT

CASES = 120
READY = "#cb-facets:not([hidden]):not([data-cb-busy])"
IDS = "() => Array.from(document.querySelectorAll('a[data-cb-id]')).map(a => a.dataset.cbId)"


@pytest.fixture(scope="module")
def big_url(tmp_path_factory):
    from browser_support import serve
    from casebook.build.bench import make_copy
    from casebook.build.site import build_site
    from casebook.core.project import Project
    copy = make_copy(Project(ROOT), tmp_path_factory.mktemp("list120"), CASES)
    build_site(copy, progress=lambda _: None)
    server = serve(copy.site_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def case_id(n: int) -> str:
    return f"c{n:02d}" if n < 100 else f"c{n}"


def test_pages_of_fifty_with_links_only(browser, big_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(big_url + "/cases/")
        assert tab.evaluate(IDS) == [case_id(n) for n in range(1, 51)]
        nav = tab.get_by_role("navigation", name="事例一覧のページ")
        assert nav.locator("[aria-current=page]").inner_text() == "1"
        nav.get_by_role("link", name="次のページ").click()
        tab.wait_for_load_state()
        assert tab.url == big_url + "/cases/page/2/"
        assert tab.evaluate(IDS) == [case_id(n) for n in range(51, 101)]
        assert nav.locator("[aria-current=page]").get_attribute("aria-label") == "2 ページ目"
        nav.get_by_role("link", name="3 ページ目").click()
        tab.wait_for_load_state()
        assert tab.evaluate(IDS) == [case_id(n) for n in range(101, 121)]
        assert nav.get_by_role("link", name="次のページ").count() == 0
        for box in nav.locator("a").evaluate_all("as => as.map(a => a.getBoundingClientRect().toJSON())"):
            assert box["width"] >= 24 and box["height"] >= 24, box       # WCAG 2.5.8
        nav.get_by_role("link", name="前のページ").click()
        tab.wait_for_load_state()
        assert tab.url == big_url + "/cases/page/2/"
        # a facet page with more than 50 cases is paged the same way
        tab.goto(big_url + "/cases/role/network-building/")
        items = tab.locator("article li a[href*='c']").count()
        assert tab.get_by_role("navigation", name="地域ネットワークの構築の事例のページ").count() == 1
        assert 0 < items <= 60
    finally:
        context.close()


def test_filtered_list_draws_fifty_then_more_and_hides_the_pager(page, big_url):
    page.goto(big_url + "/cases/?status=sample")      # every synthetic case is a sample
    page.wait_for_selector(READY)
    assert page.evaluate(IDS) == [case_id(n) for n in range(1, 51)]
    assert page.locator("nav.cb-pager").is_hidden()
    assert f"{CASES} 件中 {CASES} 件の事例" in page.locator("#cb-facets-status").inner_text()
    more = page.get_by_role("button", name="さらに 50 件を表示（残り 70 件）")
    more.click()
    page.wait_for_function("document.querySelectorAll('a[data-cb-id]').length === 100")
    assert page.evaluate("document.activeElement.dataset.cbId") == "c51"     # focus on the first new case
    page.get_by_role("button", name="さらに 20 件を表示（残り 20 件）").click()
    page.wait_for_function("document.querySelectorAll('a[data-cb-id]').length === 120")
    assert page.locator(".cb-facets__more").is_hidden()
    page.get_by_role("button", name="条件をすべて解除").click()
    page.get_by_label("キーワード（題名・要約・分類の名前）").fill("")
    page.wait_for_function("location.search === '' && document.querySelectorAll('a[data-cb-id]').length === 50")
    page.wait_for_selector(READY)
    assert page.locator("nav.cb-pager").is_visible()


def test_guides_and_home_matrix_link_to_the_filtered_list(page, big_url):
    page.goto(big_url + "/guide/kikangata/")
    link = page.get_by_role("link", name="「地域ネットワークの構築」の事例をすべて見る")
    count = int(link.inner_text().split("（")[1].split(" 件")[0])
    link.click()
    page.wait_for_selector(READY)
    assert page.evaluate("location.search") == "?role=network-building"
    assert f"{CASES} 件中 {count} 件の事例" in page.locator("#cb-facets-status").inner_text()
    page.goto(big_url + "/")
    cell = page.locator("table a[href*='?block=']").first
    shown = int(cell.inner_text().split(" ")[0])
    assert shown > 3
    cell.click()
    page.wait_for_selector(READY)
    assert len(page.evaluate(IDS)) == shown


@pytest.mark.parametrize("width", [1280, 375])
def test_list_has_no_axe_violations(browser, big_url, axe_source, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    tab = context.new_page()
    try:
        for path in ("/cases/", "/cases/?q=連携&block=kinki,tohoku", "/cases/page/2/"):
            tab.goto(big_url + path)
            if "page" not in path:
                tab.wait_for_selector(READY)
            tab.evaluate(axe_source)
            violations = tab.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
            assert violations == [], f"{path} ({width}px): {violations}"
    finally:
        context.close()
