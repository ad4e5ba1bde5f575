"""Hand-run benchmark: search latency with N synthetic cases (not a pytest test: no timing asserts).

    .venv/bin/python tests/search/bench_search.py [--cases 1000]

Builds N synthetic cases (same generator as `casebook bench`), serves the site, types 20
queries into the header search box in headless Chromium and prints the median time from the
last keystroke (keyup) to the result list being rendered, plus search_index bytes per case.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from tests.browser_support import ARGS, CHROMIUM, serve  # noqa: E402
from tests.search.runner import INPUT, open_search, type_query  # noqa: E402

from casebook.build.bench import make_copy  # noqa: E402
from casebook.build.site import build_site  # noqa: E402
from casebook.core.project import Project  # noqa: E402

QUERIES = ["協議会", "定着", "ナカポツ", "JC", "ＪＣ", "なかぽつ", "事業所", "連絡会", "圏域", "記録の書き方",
           "企業", "合成事例", "近畿ブロック", "ハローワーク", "役割分担", "ジョブコーチ", "情報共有", "月1回",
           "中山間地", "支援員は事業所を訪問"]
TIMER = """() => {
  const box = document.querySelector('INPUT'), meta = document.querySelector('.md-search-result__meta');
  box.addEventListener('keyup', () => { window.__t0 = performance.now(); window.__t1 = 0; }, true);
  new MutationObserver(() => { window.__t1 = performance.now(); })
    .observe(document.querySelector('.md-search-result__list'), {childList: true});
  new MutationObserver(() => { window.__t1 = performance.now(); }).observe(meta, {childList: true});
}""".replace("INPUT", INPUT)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="casebook-search-bench-"))
    copy = make_copy(Project(ROOT), tmp, args.cases)
    build_site(copy, progress=lambda m: print(m, file=sys.stderr))
    index_bytes = sum(p.stat().st_size for p in (copy.site_dir / "search").rglob("*") if p.is_file())
    server = serve(copy.site_dir)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    from playwright.sync_api import sync_playwright
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="ja-JP")
        placeholder = open_search(page, base_url)
        page.evaluate(TIMER)
        for query in QUERIES:
            type_query(page, query, placeholder)
            page.wait_for_timeout(50)          # let the last rendering settle before reading the timer
            times.append(page.evaluate("window.__t1 - window.__t0"))
        browser.close()
    server.shutdown()
    print(json.dumps({"cases": args.cases, "queries": len(times), "median_ms": round(statistics.median(times), 1),
                      "max_ms": round(max(times), 1), "search_index_bytes": index_bytes,
                      "search_index_bytes_per_case": round(index_bytes / args.cases)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
