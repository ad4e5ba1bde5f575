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
