"""Run search queries through the header search box of a built site in a real browser.

Shared by the pytest quality test and the hand-run scripts (measure.py, bench_search.py).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).with_name("queries.yaml")
INPUT = "input[data-md-component=search-query]"
META = ".md-search-result__meta"
# Material writes this placeholder into the result meta while the query is empty.
PLACEHOLDER_JS = "document.querySelector('.md-search-result__meta').textContent"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def open_search(page, base_url: str) -> str:
    """Open the home page, wait for the search worker, return the empty-query placeholder text."""
    page.goto(f"{base_url}/")
    box = page.locator(INPUT)
    placeholder = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    box.click()
    page.wait_for_function(f"{PLACEHOLDER_JS} === {placeholder!r}")   # the worker is ready
    return page.evaluate(PLACEHOLDER_JS)


def type_query(page, query: str, placeholder: str) -> None:
    """Clear the box, then enter the query and release a key, as a person with an IME does."""
    box = page.locator(INPUT)
    box.fill("")
    box.press("End")                     # Material reads the value on keyup
    page.wait_for_function(f"{PLACEHOLDER_JS} === {placeholder!r}")
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"{PLACEHOLDER_JS} !== {placeholder!r}")


def result_paths(page, base_url: str, limit: int = 10) -> list[str]:
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list > li",
        "items => items.map(li => li.querySelector('a').href)")
    base = urlsplit(base_url + "/").path
    paths = []
    for href in hrefs[:limit]:
        path = urlsplit(href).path
        paths.append(path[len(base):] if path.startswith(base) else path)
    return paths


def run(page, base_url: str, queries: list[dict]) -> list[dict]:
    placeholder = open_search(page, base_url)
    results = []
    for item in queries:
        type_query(page, item["q"], placeholder)
        got = result_paths(page, base_url)
        missing = [p for p in item["expect"] if p not in got]
        results.append({**item, "got": got, "missing": missing})
    return results


def recall(results: list[dict]) -> float:
    expected = sum(len(r["expect"]) for r in results)
    found = sum(len(r["expect"]) - len(r["missing"]) for r in results)
    return found / expected if expected else 1.0


def precision_failures(results: list[dict]) -> list[str]:
    """For precision queries: the first case pages in the results must be the expected cases."""
    failures = []
    for r in results:
        if not r.get("precision"):
            continue
        cases = [p for p in r["got"] if p.startswith("cases/c")]
        head = cases[:len(r["expect"])]
        if sorted(head) != sorted(r["expect"]):
            failures.append(f"{r['q']}: 先頭の事例 {head}（期待 {r['expect']}）")
    return failures


def report(results: list[dict]) -> str:
    by_cat = defaultdict(list)
    for r in results:
        by_cat[r["category"]].append(r)
    lines = [f"recall@10 = {recall(results):.3f}（{len(results)} クエリ）"]
    for cat, items in by_cat.items():
        lines.append(f"  {cat:9} recall@10 = {recall(items):.3f}（{len(items)} クエリ）")
    for r in results:
        if r["missing"]:
            lines.append(f"  見つからない: [{r['category']}] {r['q']} -> {r['missing']}（上位: {r['got'][:5]}）")
    return "\n".join(lines)
