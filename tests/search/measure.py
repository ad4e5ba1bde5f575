"""Hand-run: recall@10 of tests/search/queries.yaml against a built site folder.

    .venv/bin/python tests/search/measure.py [SITE_DIR]
Without SITE_DIR it builds the repository into a temporary folder first (site/ may be
replaced by another build while the queries run).
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.browser_support import ARGS, CHROMIUM, serve  # noqa: E402
from tests.search import runner  # noqa: E402


def main(argv: list[str]) -> int:
    if argv:
        site = Path(argv[0])
    else:
        import tempfile
        sys.path.insert(0, str(HERE.parent.parent / "scripts"))
        from casebook.build.site import build_site
        from casebook.core.project import Project
        site = Path(tempfile.mkdtemp(prefix="casebook-search-")) / "site"
        build_site(Project(HERE.parent.parent), site_dir=site, progress=lambda _: None)
    server = serve(site)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(locale="ja-JP")
            results = runner.run(page, base_url, runner.load_queries())
            print(runner.report(results))
            for failure in runner.precision_failures(results):
                print("  精度:", failure)
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
