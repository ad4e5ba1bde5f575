"""What every browser test shares: Debian's Chromium, its flags, axe-core, a loopback server."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Every fixture that starts Chromium (tests/trainers keeps its own in a thread: `chromium`);
# tests/conftest.py marks the tests using them `browser`.
BROWSER_FIXTURES = frozenset({"browser", "page", "scheme_page", "chromium"})
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve a folder on 127.0.0.1 (a free port) from a daemon thread; call .shutdown() after."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser_tests_deselected(config) -> bool:
    """True when the run's -m expression leaves out the tests marked `browser`."""
    expression = config.getoption("markexpr", "") or ""
    if not expression:
        return False
    try:
        from _pytest.mark.expression import Expression
        return not Expression.compile(expression).evaluate(lambda name, **_: name == "browser")
    except Exception:            # a future pytest moved the parser: read the usual spelling
        return "not browser" in expression


def refuse_chromium_when_deselected(config) -> None:
    """A fixture starting Chromium under -m "not browser" means a test escaped the mark: fail loudly."""
    if browser_tests_deselected(config):
        pytest.fail("-m で browser のテストを除いた実行で Chromium を起動しようとしました: "
                    "そのテストに @pytest.mark.browser を付けるか、使うフィクスチャーを "
                    "tests/browser_support.py の BROWSER_FIXTURES に加えてください",
                    pytrace=False)
