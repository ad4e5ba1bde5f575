"""Trainer fixtures: a site built with a public URL (so handouts carry QR codes), the offline
copy unzipped, and one headless Chromium for all trainer browser tests."""
from __future__ import annotations

import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from trainers_support import PUBLIC, environment

from browser_support import ARGS, CHROMIUM, refuse_chromium_when_deselected  # noqa: E402
from repo_support import copy_repo  # noqa: E402


@pytest.fixture(scope="session")
def public_repo(tmp_path_factory) -> Path:
    """A copy of the repository whose builds use PUBLIC as site_url."""
    return copy_repo(tmp_path_factory.mktemp("trainers") / "repo")


@pytest.fixture(scope="session")
def public_site(public_repo) -> Path:
    from casebook.build.site import build_site
    from casebook.core.project import Project
    with environment(CASEBOOK_SITE_URL=PUBLIC, SOURCE_DATE_EPOCH="1700000000"):
        build_site(Project(public_repo), progress=lambda _: None)
    return public_repo / "site"


@pytest.fixture(scope="session")
def offline_dir(public_repo, public_site, tmp_path_factory) -> Path:
    """dist/casebook-offline.zip built by `casebook offline` and unzipped."""
    from casebook.build.offline import build_offline
    from casebook.core.project import Project
    zip_path = public_repo / "dist" / "casebook-offline.zip"
    with environment(CASEBOOK_SITE_URL=PUBLIC, SOURCE_DATE_EPOCH="1700000000"):
        build_offline(Project(public_repo), zip_path, progress=lambda _: None)
    dest = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(dest)
    return dest / "casebook-offline"


class BrowserThread:
    """One headless Chromium driven from its own thread.

    Playwright's sync API refuses to start while another sync Playwright (the session
    browser of tests/browser or tests/quality) is running in the same thread, so the
    trainer tests keep theirs in a dedicated thread and hand it functions to run.
    """

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trainers-chromium")
        self._pool.submit(self._start).result()

    def _start(self):
        from playwright.sync_api import sync_playwright
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def run(self, fn, *args):
        """fn(browser, *args) in the browser's thread; its result or exception comes back here."""
        return self._pool.submit(fn, self.browser, *args).result()

    def close(self):
        def stop():
            self.browser.close()
            self._playwright.stop()
        self._pool.submit(stop).result()
        self._pool.shutdown()


@pytest.fixture(scope="session")
def chromium(request):
    refuse_chromium_when_deselected(request.config)
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium がありません: `make browser-deps`（apt-get install chromium）を実行してください")
    instance = BrowserThread()
    yield instance
    instance.close()
