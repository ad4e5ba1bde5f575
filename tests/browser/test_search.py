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
    marks.first.wait_for()                 # the titles may come first, the excerpts with their marks next
    assert marks.count() > 0 and "協議会" in marks.first.text_content()


def test_result_tags_are_not_landmarks(page, base_url):
    """A result's tags are plain text (search-results.js), not a <nav> per result: the landmark
    list keeps the page's own regions."""
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, "定着支援", placeholder)        # a tag of several cases
    tags = page.locator(".md-search-result__list .md-tags")
    assert tags.count() > 1
    assert page.locator(".md-search-result__list nav").count() == 0
    assert "定着支援" in tags.first.text_content()
    landmarks = page.get_by_role("navigation").evaluate_all("els => els.map(e => e.className)")
    assert landmarks and not any("md-tags" in name for name in landmarks)


def test_result_list_markup_count_and_highlight_links(page, base_url):
    """Material's markup (its styles and keys read it), the count as a status message, and each
    link carrying the found words for the page's highlighting (?h=)."""
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, "協議会", placeholder)
    meta = page.locator(".md-search-result__meta")
    assert meta.get_attribute("role") == "status"
    items = page.locator(".md-search-result__list > li.md-search-result__item")
    page.wait_for_function("document.querySelector('.md-search-result__list article p mark')")   # whole answer
    total = meta.text_content().strip()
    assert total.endswith("件見つかりました") and items.count() == min(int(total.split("件")[0]), 10), total
    first = items.first.locator("a.md-search-result__link").first
    assert first.get_attribute("tabindex") == "-1"
    assert "h=%E5%8D%94%E8%AD%B0%E4%BC%9A" in first.get_attribute("href")
    article = first.locator("article.md-search-result__article[data-md-score]")
    assert article.locator("h1").count() == 1 and "協議会" in article.locator("mark").first.text_content()
    runner.type_query(page, "存在しない語句ぬぬぬ", placeholder)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent === '何も見つかりませんでした'")
    assert items.count() == 0


def test_more_sections_are_built_when_opened(page, base_url):
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, "定着支援", placeholder)
    page.wait_for_function("document.querySelector('.md-search-result__list article p mark')")
    more = page.locator("details.md-search-result__more").first
    assert more.locator("a").count() == 0                  # not built while closed
    more.locator("summary").click()
    page.wait_for_function("document.querySelector('details.md-search-result__more[open] a')")
    links = more.locator("a.md-search-result__link")
    assert links.count() > 0 and all("#" in href for href in links.evaluate_all("a => a.map(x => x.href)"))
    assert more.locator("h2").count() == links.count()


def test_results_past_ten_appear_on_scrolling(page, base_url):
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, "支援", placeholder)            # on most pages
    page.wait_for_function("document.querySelector('.md-search-result__list article p mark')")   # whole answer
    page.wait_for_timeout(300)          # ten results with excerpts fill the dialog: nothing more comes unasked
    total = int(page.locator(".md-search-result__meta").text_content().strip().split("件")[0])
    assert total > 10
    items = page.locator(".md-search-result__list > li")
    assert items.count() == 10
    page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
    page.wait_for_function("document.querySelectorAll('.md-search-result__list > li').length > 10")
    for _ in range(20):
        if items.count() == total:
            break
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(100)
    assert items.count() == total


def test_keys_move_through_results_and_enter_opens_the_best(page, base_url):
    """Material's arrow keys and Enter work on the list drawn by search-results.js."""
    placeholder = runner.open_search(page, base_url)
    runner.type_query(page, "ジョブコーチ", placeholder)
    page.wait_for_function("document.querySelector('.md-search-result__list article p mark')")
    best = page.locator(".md-search-result__list a.md-search-result__link").first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == best
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('input[data-md-component=search-query]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == best


def test_a_focused_result_keeps_the_focus_when_the_whole_answer_replaces_the_titles(page, base_url):
    """The worker may answer twice for one key (titles first, then with excerpts): a keyboard
    user on a result must not be thrown out of the list by the second drawing."""
    runner.open_search(page, base_url)
    answer = """(withText) => {
      const item = (url, title) => [{location: url, title: [title], score: 1, terms: {"語": true},
                                     text: withText ? ["本文の", "語", "です"] : []}];
      document.querySelector('[data-md-component=search-result]').dispatchEvent(new CustomEvent(
        'casebook:search-answer', {detail: {items: [item('cases/c01/', '一'), item('cases/c02/', '二'), item('cases/c03/', '三')]}}));
    }"""
    page.evaluate(answer, False)
    links = page.locator(".md-search-result__list a.md-search-result__link")
    assert links.count() == 3
    links.nth(1).focus()
    page.evaluate(answer, True)
    assert page.locator(".md-search-result__list article p mark").count() == 3     # drawn again, with text
    focused = page.evaluate("document.activeElement.getAttribute('href') || ''")
    assert "/cases/c02/" in focused
