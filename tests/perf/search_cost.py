"""Hand-run: what search costs in a browser (not a test: no timing asserts).

    .venv/bin/python tests/perf/search_cost.py SITE_DIR

Serves SITE_DIR gzipped (tests/perf/gzip_server.py) and, in headless Chromium:
- loads the home page and a case page and counts search requests (should be none);
- for each query, on a fresh page: focuses the search box and types the query one character
  at a time, as a person does; reports the gzip bytes of every search request (the worker and
  its data), the time from each keystroke to the rendered result list (the last render within
  150 ms: the whole answer, excerpts included), the time to its first render (first_shown_ms:
  the worker answers with titles first when excerpts must still be fetched), and the
  worker's part (from the query Material sends to the answer it gets: fetching data and
  computing), so the rest is Material drawing the results.
Prints one JSON object. The machine may be shared: run it several times, take the best.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser_support import ARGS, CHROMIUM  # noqa: E402
from tests.perf.gzip_server import serve  # noqa: E402
from tests.search.runner import INPUT  # noqa: E402

QUERIES = ["協議会", "中山間 定着", "ジョブコーチ", "スーパーバイズ", "生活保護を受けながら働く", "なかぽつ", "ハローワーク"]
SEARCH_FILES = ("/search/", "/javascripts/search-worker.js")
# Watches the messages to and from the search worker: when the last query of a keystroke went
# out (Material posts it to search-lazy.js's stand-in, what `new Worker` returns), when its
# answer came (search-lazy.js hands it to search-results.js as an event on the result element).
MESSAGES = """
(function () {
  let made = window.Worker;
  Object.defineProperty(window, 'Worker', {configurable: true,
    get() { return made; },
    set(value) {
      made = value === undefined ? value : new Proxy(value, {construct(target, args) {
        const w = Reflect.construct(target, args);
        const post = w.postMessage.bind(w);
        w.postMessage = m => { if (m && m.type === 2) window.__sent = performance.now(); return post(m); };
        return w;
      }});
    }});
  window.addEventListener('casebook:search-answer', () => { window.__answered = performance.now(); }, true);
})();
"""
TIMER = """() => {
  const list = document.querySelector('.md-search-result__list'), meta = document.querySelector('.md-search-result__meta');
  window.__done = () => { window.__t1 = performance.now(); if (!window.__t0) window.__t0 = window.__t1; };
  new MutationObserver(window.__done).observe(list, {childList: true});
  new MutationObserver(window.__done).observe(meta, {childList: true, characterData: true, subtree: true});
}"""


def is_search(path: str) -> bool:
    return any(part in path for part in SEARCH_FILES)


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    case = sorted(p.parent.name for p in (site / "cases").glob("c*/index.html"))[0]
    out = {"load": {}, "queries": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, url in (("home", "/"), ("case", f"/cases/{case}/")):
                page = browser.new_page()
                server.sent.take()
                page.goto(base + url, wait_until="networkidle")
                sent = server.sent.take()
                out["load"][name] = {"requests": len(sent), "bytes": sum(b for _, b in sent),
                                     "search_requests": [path for path, _ in sent if is_search(path)]}
                page.close()
            for query in QUERIES:
                page = browser.new_page()
                page.add_init_script(MESSAGES)
                page.goto(base + "/", wait_until="networkidle")
                server.sent.take()
                page.evaluate(TIMER)
                page.locator(INPUT).click()
                page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim() !== "
                                       "JSON.parse(document.getElementById('__config').textContent)"
                                       ".translations['search.result.placeholder'] ? false : true", timeout=30000)
                times, shown, worker = [], [], []
                for char in query:
                    page.evaluate("window.__t0 = window.__t1 = 0; window.__sent = window.__answered = 0")
                    start = page.evaluate("performance.now()")
                    page.keyboard.type(char)
                    page.wait_for_function("window.__t1 > 0", timeout=30000)
                    page.wait_for_timeout(150)           # later renders of the same keystroke count too
                    times.append(page.evaluate("window.__t1") - start)
                    shown.append(page.evaluate("window.__t0") - start)
                    sent, answered = page.evaluate("[window.__sent, window.__answered]")
                    worker.append(round(answered - sent) if sent and answered >= sent else None)
                sent = [item for item in server.sent.take() if is_search(item[0])]
                out["queries"].append({"q": query, "requests": len(sent), "gzip_bytes": sum(b for _, b in sent),
                                       "keystroke_ms": [round(t) for t in times],
                                       "first_shown_ms": [round(t) for t in shown], "worker_ms": worker})
                page.close()
            browser.close()
    finally:
        server.shutdown()
    sizes = [q["gzip_bytes"] for q in out["queries"]]
    times = [t for q in out["queries"] for t in q["keystroke_ms"]]
    firsts = [q["keystroke_ms"][0] for q in out["queries"]]
    later = [t for q in out["queries"] for t in q["keystroke_ms"][1:]]
    shown = [t for q in out["queries"] for t in q["first_shown_ms"]]
    worker = [t for q in out["queries"] for t in q["worker_ms"] if t is not None]
    out["summary"] = {"first_search_gzip_median": statistics.median(sizes), "first_search_gzip_max": max(sizes),
                      "keystroke_ms_median": statistics.median(times), "keystroke_ms_max": max(times),
                      "first_keystroke_ms_max": max(firsts), "later_keystroke_ms_max": max(later),
                      "first_shown_ms_median": statistics.median(shown), "first_shown_ms_max": max(shown),
                      "worker_ms_median": statistics.median(worker), "worker_ms_max": max(worker),
                      "load": os.getloadavg()}
    return out


def main(argv: list[str]) -> int:
    print(json.dumps(measure(Path(argv[0])), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
