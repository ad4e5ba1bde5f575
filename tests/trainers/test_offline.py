"""The offline copy works from file:// (search included) and asks no other host for anything."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_offline_copy_has_file_urls_and_the_data(offline_dir):
    assert (offline_dir / "index.html").is_file()
    assert (offline_dir / "cases" / "c01.html").is_file()          # use_directory_urls: false
    assert (offline_dir / "search" / "search_index.js").is_file()
    for name in ("data/cases.json", "data/cases.csv", "data/case.schema.json", "feed.xml"):
        assert (offline_dir / name).is_file(), name
    html = (offline_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "unpkg.com" not in html


def browse_offline(browser, offline_dir):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    requests, blocked = [], []
    context.on("request", lambda request: requests.append(request.url))

    def block(route):          # anything not on disk would be another host: record it and refuse
        blocked.append(route.request.url)
        route.abort()
    context.route(lambda url: not url.startswith(("file:", "data:", "blob:", "about:")), block)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto((offline_dir / "index.html").as_uri())
        box = tab.locator("input[data-md-component=search-query]")
        box.click()
        for _ in range(20):        # the index loads after the page; Material ignores queries until then
            box.fill("")
            box.fill("事例検討")
            box.press("End")       # Material reads the query on keyup
            try:
                tab.wait_for_selector(".md-search-result__item", timeout=1000)
                break
            except Exception:
                continue
        assert tab.locator(".md-search-result__item").count() > 0
        first = tab.locator(".md-search-result__item a").first.get_attribute("href")
        assert first.startswith("file:") and ".html" in first
        # case pages are indexed by the hook (search.case_entries), with the offline .html URLs
        hrefs = tab.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
        assert any(re.search(r"/cases/c\d+\.html([?#]|$)", href) for href in hrefs), hrefs
        tab.goto((offline_dir / "cases" / "c01.html").as_uri())
        assert tab.locator("h1").inner_text()
        tab.locator("a[href$='block/hokkaido.html']").first.click()
        tab.wait_for_load_state()
        assert tab.url.endswith("cases/block/hokkaido.html")
    finally:
        context.close()
    return requests, blocked, errors


def test_offline_copy_searches_without_any_other_host(chromium, offline_dir):
    requests, blocked, errors = chromium.run(browse_offline, offline_dir)
    others = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert others == [] and blocked == [], f"他のホストへのリクエスト: {others + blocked}"
    print(f"offline: {len(requests)} requests, all file:")
    assert len(requests) > 10 and not errors, errors
