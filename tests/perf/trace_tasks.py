"""Hand-run profiler: which main-thread work makes a page's long tasks (not a timed test).

    .venv/bin/python tests/perf/trace_tasks.py SITE_DIR [--pages home,list] [--runs 3] [--cpu 4] [--json]

Serves SITE_DIR gzipped (tests/perf/gzip_server.py), opens each page in headless Chromium at a
phone's size with the CPU slowed down CPU times (4 is what Lighthouse's mobile profile assumes),
records a performance trace, and lists every main-thread task of 50 ms or more after the first
contentful paint, with what it spent its time on: script evaluation and compile per file, function
calls per file, style recalculation, layout, HTML parsing, paint. Blocking time is the sum of each
long task's time over 50 ms (as Lighthouse's TBT, up to the end of the trace, not to TTI).
Several runs per page print each run; compare pages and versions within one run of this script,
as the machine may be shared (its load is printed).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser_support import ARGS, CHROMIUM  # noqa: E402
from tests.perf.gzip_server import serve  # noqa: E402
from tests.perf.lighthouse import pages_of  # noqa: E402

CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute",
              "blink.user_timing", "loading", "disabled-by-default-devtools.timeline.stack"]
# Moto G Power, as Lighthouse 12's mobile profile
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
LONG_MS = 50.0


def _label(event: dict) -> str:
    name, data = event["name"], (event.get("args") or {}).get("data") or {}
    url = data.get("url") or data.get("scriptName") or (event.get("args") or {}).get("fileName") or ""
    if name in ("EvaluateScript", "v8.compile", "v8.compileModule", "FunctionCall", "v8.run", "ParseHTML",
                "ParseAuthorStyleSheet", "ResourceSendRequest") and url:
        return f"{name} {url.rsplit('/', 1)[-1].split('?')[0]}"
    if name == "FunctionCall" and data.get("functionName"):
        return f"{name} {data['functionName']}"
    if name in ("TimerFire", "EventDispatch"):
        return f"{name} {data.get('type') or data.get('timerId') or ''}".strip()
    return name


def analyse(trace: dict, url: str = "") -> dict:
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    threads = {(e["pid"], e["tid"]) for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"
               and (e.get("args") or {}).get("name") == "CrRendererMain"}
    tasks_by_thread = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and e.get("name") == "RunTask" and (e["pid"], e["tid"]) in threads:
            tasks_by_thread[(e["pid"], e["tid"])].append(e)
    # the page's renderer: the thread that parsed the page (other renderers belong to the browser's own UI)
    parsed = defaultdict(int)
    for e in events:
        if e.get("name") == "ParseHTML" and (e["pid"], e["tid"]) in threads and \
                (((e.get("args") or {}).get("beginData") or {}).get("url") or "").startswith(url):
            parsed[(e["pid"], e["tid"])] += 1
    main = max(tasks_by_thread, key=lambda k: (parsed[k], sum(t.get("dur", 0) for t in tasks_by_thread[k])))
    fcp = min((e["ts"] for e in events if e.get("name") == "firstContentfulPaint" and e.get("pid") == main[0]),
              default=None)
    nav = min((e["ts"] for e in events if e.get("name") == "navigationStart" and e.get("pid") == main[0]),
              default=None)
    slices = sorted((e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) == main and "dur" in e),
                    key=lambda e: (e["ts"], -e["dur"]))
    # self time of each event, by nesting (a stack of open events)
    selfs: dict[int, float] = {}
    parent_task: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[dict] = []
    for e in slices:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
            stack.pop()
        if stack:
            selfs[id(stack[-1])] = selfs.get(id(stack[-1]), stack[-1]["dur"]) - e["dur"]
            if stack[0]["name"] == "RunTask":
                parent_task[id(e)] = id(stack[0])
        depth[id(e)] = len(stack)
        selfs.setdefault(id(e), e["dur"])
        stack.append(e)
    tasks = tasks_by_thread[main]
    long_tasks = []
    for t in sorted(tasks, key=lambda t: t["ts"]):
        ms = t["dur"] / 1000
        if ms < LONG_MS:
            continue
        parts = defaultdict(float)
        for e in slices:
            if parent_task.get(id(e)) == id(t) and e is not t:
                parts[_label(e)] += selfs[id(e)] / 1000
        parts["(task itself)"] = selfs[id(t)] / 1000
        top = sorted(parts.items(), key=lambda kv: -kv[1])[:8]
        outline = [f"{'  ' * (depth[id(e)] - 1)}{e['dur'] / 1000:.1f} {_label(e)}" for e in slices
                   if parent_task.get(id(e)) == id(t) and depth[id(e)] <= 3 and e["dur"] >= 3000]
        long_tasks.append({"start_ms": round((t["ts"] - (nav or t["ts"])) / 1000), "ms": round(ms, 1),
                           "after_fcp": fcp is None or t["ts"] >= fcp,
                           "parts": {k: round(v, 1) for k, v in top if v >= 1}, "outline": outline[:25]})
    forced = defaultdict(lambda: [0, 0.0])
    for e in slices:
        stack_trace = ((e.get("args") or {}).get("beginData") or {}).get("stackTrace") or []
        if e["name"] in ("Layout", "UpdateLayoutTree") and stack_trace:
            top = stack_trace[0]
            key = (f"{e['name']} forced by {top.get('functionName') or '?'} "
                   f"{top.get('url', '').rsplit('/', 1)[-1]}:{top.get('lineNumber')}:{top.get('columnNumber')}")
            forced[key][0] += 1
            forced[key][1] += e["dur"] / 1000
    blocking = sum(t["ms"] - LONG_MS for t in long_tasks if t["after_fcp"])
    totals = defaultdict(float)
    for e in slices:
        if e["name"] != "RunTask":
            totals[_label(e)] += selfs[id(e)] / 1000
    return {"fcp_ms": round((fcp - nav) / 1000) if fcp and nav else None, "blocking_ms": round(blocking),
            "long_tasks": long_tasks,
            "forced": {k: {"count": n, "ms": round(ms, 1)} for k, (n, ms) in sorted(forced.items(), key=lambda kv: -kv[1][1])},
            "main_thread_top": {k: round(v, 1) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])[:15]}}


def trace_page(browser, url: str, cpu: float) -> dict:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(3000)          # idle work after load counts for TBT too
    raw = browser.stop_tracing()
    context.close()
    return analyse(json.loads(raw), url)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", default="home,case,list,glossary")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cpu", type=float, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--outline", action="store_true", help="each long task's nested events, 3 levels deep")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    urls = pages_of(args.site)
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = {"site": str(args.site), "load": os.getloadavg(), "cpu": args.cpu, "pages": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.runs):
                for name in args.pages.split(","):
                    out["pages"].setdefault(name, []).append(trace_page(browser, base + urls[name], args.cpu))
            browser.close()
    finally:
        server.shutdown()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{out['site']}  load {out['load'][0]:.2f}  cpu x{args.cpu:g}")
    for name, runs in out["pages"].items():
        print(f"\n== {name}: blocking ms per run {[r['blocking_ms'] for r in runs]}, "
              f"median {statistics.median(r['blocking_ms'] for r in runs):.0f}; FCP {[r['fcp_ms'] for r in runs]}")
        for task in runs[-1]["long_tasks"]:
            mark = "" if task["after_fcp"] else " (before FCP)"
            print(f"  task at {task['start_ms']} ms: {task['ms']} ms{mark}")
            for part, ms in task["parts"].items():
                print(f"      {ms:7.1f}  {part}")
            if args.outline:
                print("    outline (ms, nesting):")
                for line in task["outline"]:
                    print(f"      {line}")
        print("  style and layout forced by script (count, ms):")
        for what, f in runs[-1]["forced"].items():
            print(f"      {f['count']:3d} {f['ms']:7.1f}  {what}")
        print("  main thread, whole trace (self ms):")
        for part, ms in runs[-1]["main_thread_top"].items():
            print(f"      {ms:7.1f}  {part}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
