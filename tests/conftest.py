"""Shared fixtures: a throwaway copy of the repository to break and build."""
from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from repo_support import ROOT, copy_repo  # noqa: E402  (tests/ is on sys.path: rootdir conftest)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A copy of the repository (cases included) as the current directory."""
    root = copy_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    # the key of kept results (core/stored.py) in the test's own folder, not the user's
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return root


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run `casebook ARGS` in-process; returns (exit code, stdout, stderr)."""
    from casebook.cli import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real repository built once into a temporary site folder."""
    from casebook.build.site import build_site
    from casebook.core.project import Project
    root = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    build_site(Project(root), progress=lambda _: None)
    return root / "site"


sys.path.insert(0, str(ROOT / "scripts"))


# --- browser fixtures: one Chromium for the whole run (Playwright's sync API allows one per thread);
# browser tests never skip: a missing Chromium or axe-core fails with what to run.

# A test that uses a fixture starting Chromium (browser_support.BROWSER_FIXTURES), directly or
# through another fixture, is marked `browser` at collection, so `pytest -m "not browser"` never
# needs Chromium and the mark cannot be forgotten.
@pytest.hookimpl(tryfirst=True)    # before pytest's own -m deselection reads the marks
def pytest_collection_modifyitems(config, items):
    from browser_support import BROWSER_FIXTURES
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def base_url(built_site):
    from browser_support import serve
    server = serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser(request):
    from browser_support import ARGS, CHROMIUM, refuse_chromium_when_deselected
    refuse_chromium_when_deselected(request.config)
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium がありません: `make browser-deps`（apt-get install chromium）を実行してください")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    from browser_support import AXE
    if not AXE.exists():
        pytest.fail("axe-core がありません: `npm ci` を実行してください")
    return AXE.read_text(encoding="utf-8")
