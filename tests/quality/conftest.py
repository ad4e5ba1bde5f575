"""Quality gates: shared fixtures and the summary table printed at the end of the run.

The browser fixtures (`base_url`, `browser`, `page`, `axe_source`) come from tests/conftest.py,
so every browser test of the run shares one Chromium.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:            # quality_gates, whatever the import mode
    sys.path.insert(0, str(HERE))

from quality_gates import FIXTURES, discover_page_types  # noqa: E402

from browser_support import serve  # noqa: E402


@dataclass
class QualityStats:
    """Counts from the real site only (the broken fixtures are not counted)."""
    page_types: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    axe_pages: int = 0              # page types, light and dark
    axe_site_pages: int = 0         # every HTML file of site/, light
    axe_violations: int = 0
    best_practice: Counter = field(default_factory=Counter)
    structure_pages: int = 0
    structure_problems: int = 0
    link_pages: int = 0
    links: int = 0
    broken_links: int = 0
    scan_pages: int = 0
    unsafe: int = 0
    request_pages: int = 0
    requests: int = 0
    foreign_requests: int = 0
    repro_files: int = 0
    repro_differences: int | None = None


STATS = QualityStats()


@pytest.fixture(scope="session")
def quality_stats() -> QualityStats:
    return STATS


@pytest.fixture(scope="session")
def page_types(built_site):
    types, notes = discover_page_types(built_site)
    STATS.page_types = [f"{t.label} {t.path}" for t in types]
    STATS.notes = notes
    return types


@pytest.fixture(scope="session")
def fixtures_url():
    """The deliberately broken fixture pages, served on loopback like the site."""
    server = serve(FIXTURES)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


TIMEOUT_MS = 15_000   # a gate that cannot find what it waits for fails soon, not after 30 s


@pytest.fixture
def page(browser):
    """As tests/browser's `page`, with a shorter wait before a missing element fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(params=["light", "dark"])
def scheme_page(request, browser):
    """A fresh tab whose OS colour scheme is light or dark (the palette follows the media query)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP",
                                  color_scheme=request.param)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.scheme = request.param
    yield tab
    context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    s = STATS
    if not (s.axe_pages or s.axe_site_pages or s.link_pages or s.scan_pages or s.request_pages or s.repro_differences is not None
            or s.structure_pages):
        return
    write = terminalreporter.write_line
    terminalreporter.section("品質ゲートの結果")
    rows = [
        ("アクセシビリティ（axe, WCAG 2.2 AA）",
         f"{s.axe_pages} 画面（種類ごと、ライト/ダーク）+ 全 {s.axe_site_pages} ページ（ライト）", f"違反 {s.axe_violations} 件"),
        ("ページ構造（lang, h1, id 重複, スキップリンク, 200%）", f"{s.structure_pages} 件の検査", f"問題 {s.structure_problems} 件"),
        ("内部リンクとアンカー", f"{s.link_pages} ページ / {s.links} リンク", f"切れたリンク {s.broken_links} 件"),
        ("HTML の安全性（scan.py）", f"{s.scan_pages} ページ", f"安全でない箇所 {s.unsafe} 件"),
        ("外部ホストへのリクエスト", f"{s.request_pages} 画面 / {s.requests} 件", f"127.0.0.1 以外 {s.foreign_requests} 件"),
        ("再現性（2 回のビルドの sha256）", f"{s.repro_files} ファイル",
         "未実行" if s.repro_differences is None else f"差分 {s.repro_differences} 件"),
    ]
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        write("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
    if s.page_types:
        write("検査した画面の種類: " + " / ".join(s.page_types))
    for note in s.notes:
        write(note)
    if s.best_practice:
        write("axe のベストプラクティス（参考、失敗にはしません）: "
              + ", ".join(f"{rule} {n} 画面" for rule, n in sorted(s.best_practice.items())))


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
