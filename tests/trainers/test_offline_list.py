"""The offline copy (file://): the case list filters and searches its keyword from list.js,
loaded as a script (fetch() is refused on file:), and draws links to the .html pages."""
from __future__ import annotations


def filter_offline(browser, offline_dir):
    context = browser.new_context(locale="ja-JP")
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        tab.goto((offline_dir / "cases" / "index.html").as_uri() + "?theme=supervision&q=はろーわーく")
        tab.wait_for_selector("#cb-facets:not([hidden]):not([data-cb-busy])")
        ids = tab.evaluate("Array.from(document.querySelectorAll('a[data-cb-id]')).map(a => a.getAttribute('href'))")
        status = tab.locator("#cb-facets-status").inner_text()
        search = tab.evaluate("location.search")
        return ids, status, search, errors
    finally:
        context.close()


def test_offline_list_filters_from_file(chromium, offline_dir):
    hrefs, status, search, errors = chromium.run(filter_offline, offline_dir)
    assert not errors, errors
    assert hrefs and all(h.endswith(".html") for h in hrefs), hrefs
    assert f"{len(hrefs)} 件の事例が条件に当てはまります" in status
    assert "q=" in search and "theme=supervision" in search
