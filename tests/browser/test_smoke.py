"""The built site opens in a real browser: home, list and a case page."""
import re


def test_case_page_shows_sample_notice_and_card(page, base_url):
    page.goto(f"{base_url}/cases/c01/")
    assert page.locator("h1").count() == 1
    assert page.locator(".admonition.warning").first.inner_text().startswith("サンプル事例")
    assert page.locator(".cb-card dt").count() >= 6
    assert page.evaluate("document.documentElement.lang") == "ja"


def test_home_matrix_links_every_case(page, base_url):
    page.goto(f"{base_url}/")
    hrefs = page.eval_on_selector_all("table a[href*='cases/c']", "els => els.map(e => e.getAttribute('href'))")
    ids = {re.search(r"c\d+", h).group() for h in hrefs}
    assert ids == {f"c{n:02d}" for n in range(1, 22)}
