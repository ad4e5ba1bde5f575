"""Search on demand: a page load fetches no search data and no worker; using the box does.

Requests are counted in the browser (Playwright's request events) on the session's built site.
"""
import re

from tests.search import runner

SEARCH = re.compile(r"/search/|/javascripts/search-worker\.js")


def search_requests(requests):
    return [url for url in requests if SEARCH.search(url)]


def test_page_load_fetches_no_search_data(page, base_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/", "/cases/c01/", "/glossary/"):
        page.goto(base_url + path, wait_until="networkidle")
        page.locator("h1").first.hover()           # moving around is not using search
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
    assert requests and search_requests(requests) == [], search_requests(requests)


def test_focus_starts_search_and_a_query_fetches_only_its_pieces(page, base_url, built_site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "/", wait_until="networkidle")
    assert search_requests(requests) == []
    placeholder = runner.open_search(page, base_url)          # clicks the box, waits for READY
    started = search_requests(requests)
    assert any(u.endswith("/javascripts/search-worker.js") for u in started)
    assert any(u.endswith("/search/cb/meta.js") for u in started)
    assert not any("/search/cb/g/" in u or "/search/cb/t/" in u for u in started), started
    assert not any(u.endswith("search_index.json") for u in requests)
    runner.type_query(page, "記録の読み合わせ", placeholder)
    after = search_requests(requests)
    shards = [u for u in after if "/search/cb/g/" in u]
    texts = [u for u in after if "/search/cb/t/" in u]
    all_shards = len(list((built_site / "search" / "cb" / "g").glob("*.js")))
    # the shards of its grams, each once; excerpts for the ten shown
    assert 0 < len(shards) < all_shards / 4 and len(set(shards)) == len(shards), after
    # texts: excerpts of the results shown, and long words confirmed on a few pages
    all_texts = len(list((built_site / "search" / "cb" / "t").glob("*.js")))
    assert 0 < len(texts) < all_texts / 2 and len(set(texts)) == len(texts), after
    assert page.locator(".md-search-result__item").count() > 0
    # a word with synonyms (協議会: 自立支援協議会, 地域自立支援協議会) reads its group's file, no shard
    before = len(requests)
    runner.type_query(page, "協議会", placeholder)
    synonyms = search_requests(requests[before:])
    assert len([u for u in synonyms if "/search/cb/s/" in u]) == 1, synonyms
    assert not any("/search/cb/g/" in u for u in synonyms), synonyms
    assert page.locator(".md-search-result__item").count() > 0


def test_keyboard_shortcut_starts_search(page, base_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "/cases/c01/", wait_until="networkidle")
    assert search_requests(requests) == []
    page.keyboard.press("/")                 # Material's shortcut opens and focuses the search box
    page.wait_for_function("document.activeElement && document.activeElement.matches('input[data-md-component=search-query]')")
    page.wait_for_function(f"{runner.PLACEHOLDER_JS} === JSON.parse(document.getElementById('__config').textContent)"
                           ".translations['search.result.placeholder']")
    assert any(u.endswith("/search/cb/meta.js") for u in search_requests(requests))


def test_quoted_phrase_matches_as_written(page, base_url):
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, '"最後の砦"', placeholder)
    assert "guide/center-functions/" in runner.result_paths(page, base_url)
    runner.type_query(page, '"砦の最後"', placeholder)       # the words exist, the phrase does not
    assert runner.result_paths(page, base_url) == []
