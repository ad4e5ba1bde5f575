"""Hand-run check that a stylesheet change changes nothing visible: screenshots, then compare.

    .venv/bin/python tests/perf/screens.py SITE_DIR OUT_DIR          # take
    .venv/bin/python tests/perf/screens.py --compare BEFORE_DIR AFTER_DIR

Takes full-page screenshots of home, a case page and /cases/ at a phone width and a desktop
width, in light mode and for print (emulated), and compares two sets (identical PNG bytes = identical pixels).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser_support import ARGS, CHROMIUM, serve  # noqa: E402

VIEWS = {"phone": (390, 844), "desktop": (1280, 900)}


def take(site: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    case = sorted(p.parent.name for p in (site / "cases").glob("c*/index.html"))[0]
    pages = {"home": "/", "case": f"/cases/{case}/", "list": "/cases/"}
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for view, (w, h) in VIEWS.items():
            for media in ("screen", "print"):
                context = browser.new_context(viewport={"width": w, "height": h}, locale="ja-JP")
                page = context.new_page()
                page.emulate_media(media=media, reduced_motion="reduce")
                for name, url in pages.items():
                    page.goto(base + url, wait_until="networkidle")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(out / f"{name}-{view}-{media}.png"), full_page=True, animations="disabled")
                context.close()
        browser.close()
    server.shutdown()


def compare(before: Path, after: Path) -> int:
    """Chromium encodes the same pixels to the same PNG bytes, so equal bytes mean no change;
    for a set that differs, open both images and look."""
    changed = 0
    for a in sorted(before.glob("*.png")):
        b = after / a.name
        same = b.is_file() and a.read_bytes() == b.read_bytes()
        print(f"{a.name}: {'identical' if same else 'DIFFERS'}")
        changed += not same
    return 1 if changed else 0


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    take(Path(sys.argv[1]), Path(sys.argv[2]))
