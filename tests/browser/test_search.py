"""Japanese search through the header search box: recall@10 on tests/search/queries.yaml.

One page, every query typed in turn (about 15 s). Prints the figures; fails under 0.98.
"""
from tests.search import runner


def test_search_recall_and_block_precision(page, base_url):
    queries = runner.load_queries()
    assert len(queries) >= 80
    results = runner.run(page, base_url, queries)
    print("\n" + runner.report(results))
    assert runner.recall(results) >= 0.98, runner.report(results)
    assert runner.precision_failures(results) == []


def test_search_results_are_escaped_and_local(page, base_url):
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, "<img src=x>", placeholder)
    assert page.locator(".md-search-result__list img").count() == 0
    runner.type_query(page, "協議会", placeholder)
    marks = page.locator(".md-search-result__list mark")
    assert marks.count() > 0 and "協議会" in marks.first.text_content()


def test_result_tags_are_not_landmarks(page, base_url):
    """Material puts each result's tags in a <nav>; search-input.js takes its landmark role away."""
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, "定着支援", placeholder)        # a tag of several cases
    tags = page.locator(".md-search-result__list .md-tags")
    assert tags.count() > 1
    page.wait_for_function("!document.querySelector('.md-search-result__list nav.md-tags:not([role])')")
    assert page.locator(".md-search-result__list .md-tags[role=none]").count() == tags.count()
    landmarks = page.get_by_role("navigation").evaluate_all("els => els.map(e => e.className)")
    assert landmarks and not any("md-tags" in name for name in landmarks)
