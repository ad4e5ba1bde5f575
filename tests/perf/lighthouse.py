"""Hand-run benchmark: mobile Lighthouse figures for the pages people open (not a timed test).

    .venv/bin/python tests/perf/lighthouse.py SITE_DIR [--runs 3] [--pages home,case,list,glossary]

Serves SITE_DIR gzipped on 127.0.0.1 as GitHub Pages does (tests/perf/gzip_server.py) and runs
the pinned Lighthouse (package.json: 12.2.3, its default mobile profile with simulated
throttling, performance only) in Debian's Chromium, RUNS times per page. Prints a table on
stderr and one JSON object on stdout: every run, and per page the median of each figure.

Chromium newer than Lighthouse 12 knows makes a few audits fail on the trace format; the
metrics (FCP, LCP, TBT, CLS) and the byte count still come through, so an audit's error is
recorded, not fatal. When the performance score itself is missing, it is computed from the
metrics with Lighthouse's own weights and curves (score_from_metrics), and marked so.

For 1,000 cases: `casebook bench --cases 1000 --keep DIR`, then run this on DIR/site.
The machine may be shared: run it more than once and compare medians, not single runs.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf.gzip_server import serve  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
METRICS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
           "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift", "transfer_bytes": "total-byte-weight"}
# Lighthouse 12 mobile scoring: weight, and the log-normal curve's p10 and median per metric
# (lighthouse-core/audits/metrics/*.js). Speed Index is left out: its audit is one that fails.
CURVES = {"fcp_ms": (10, 1800, 3000), "lcp_ms": (25, 2500, 4000), "tbt_ms": (30, 200, 600), "cls": (25, 0.1, 0.25)}


def pages_of(site: Path) -> dict[str, str]:
    cases = sorted(p.parent.name for p in (site / "cases").glob("c*/index.html"))
    return {"home": "/", "case": f"/cases/{cases[0]}/" if cases else "/", "list": "/cases/", "glossary": "/glossary/"}


def _log_normal_score(value: float, p10: float, median: float) -> float:
    """Lighthouse's getLogNormalScore: 0.9 at p10, 0.5 at the median."""
    if value <= 0:
        return 1.0
    xratio = math.log(value / median)
    sigma = abs(math.log(p10 / median)) / (math.sqrt(2) * 0.9061938024368232)
    return max(0.0, min(1.0, 0.5 * math.erfc(xratio / (sigma * math.sqrt(2)))))


def score_from_metrics(figures: dict) -> float | None:
    """None when a paint or blocking figure is missing (Lighthouse saw no first paint: NO_FCP),
    so a failed run never reads as a good score."""
    if any(figures.get(k) is None for k in CURVES):
        return None
    parts = [(w, _log_normal_score(figures[k], p10, med)) for k, (w, p10, med) in CURVES.items()]
    return round(100 * sum(w * s for w, s in parts) / sum(w for w, _ in parts))


def run_once(url: str, timeout: int = 240) -> dict:
    command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json", "--output-path=stdout",
               "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    env = {**os.environ, "CHROME_PATH": CHROME}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
        report = json.loads(done.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        return {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
    audits = report.get("audits", {})
    figures = {name: audits.get(audit, {}).get("numericValue") for name, audit in METRICS.items()}
    score = (report.get("categories", {}).get("performance") or {}).get("score")
    figures["performance"] = round(score * 100) if isinstance(score, (int, float)) else None
    if figures["performance"] is None:
        figures["performance_from_metrics"] = score_from_metrics(figures)
    figures["audit_errors"] = sorted(k for k, a in audits.items() if a.get("scoreDisplayMode") == "error")
    if report.get("runtimeError"):
        figures["error"] = report["runtimeError"].get("code")
    elif figures["fcp_ms"] is None:
        figures["error"] = (audits.get("first-contentful-paint", {}).get("errorMessage") or "no FCP")[:120]
    return figures


def _median(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return round(statistics.median(values), 3) if values else None


def measure(site: Path, runs: int, names: list[str]) -> dict:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse がありません: npm ci を実行してください（package.json で 12.2.3 に固定）")
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = pages_of(site)
    out = {"site": str(site), "cases": len(list((site / "cases").glob("c*/index.html"))), "runs": runs, "pages": {}}
    try:
        for name in names:
            results = [run_once(base + urls[name]) for _ in range(runs)]
            keys = ("performance", "performance_from_metrics", *METRICS)
            out["pages"][name] = {"url": urls[name], "median": {k: _median(r.get(k) for r in results) for k in keys},
                                  "all": results}
    finally:
        server.shutdown()
    return out


def table(result: dict) -> str:
    head = f"{'page':<9} {'perf':>5} {'FCP ms':>8} {'LCP ms':>8} {'TBT ms':>7} {'CLS':>6} {'KB':>7}"
    rows = [f"{result['cases']} cases, median of {result['runs']} run(s)", head]
    for name, page in result["pages"].items():
        m = page["median"]
        perf = m["performance"] if m["performance"] is not None else m["performance_from_metrics"]
        mark = "" if m["performance"] is not None else "*"

        def num(v, fmt):
            return format(v, fmt) if v is not None else "-"
        rows.append(f"{name:<9} {num(perf, '.0f') + mark:>5} {num(m['fcp_ms'], '.0f'):>8} {num(m['lcp_ms'], '.0f'):>8} "
                    f"{num(m['tbt_ms'], '.0f'):>7} {num(m['cls'], '.3f'):>6} "
                    f"{num(m['transfer_bytes'] and m['transfer_bytes'] / 1024, '.1f'):>7}")
    return "\n".join(rows) + "\n(* computed from the metrics: Lighthouse gave no score)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="home,case,list,glossary")
    args = parser.parse_args(argv)
    names = [n for n in args.pages.split(",") if n]
    unknown = set(names) - set(pages_of(args.site))
    if unknown or args.runs < 1 or not (args.site / "index.html").is_file():
        parser.error(f"使えないページ名か回数、またはサイトのフォルダではありません: {sorted(unknown) or args.site}")
    result = measure(args.site, args.runs, names)
    print(table(result), file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
