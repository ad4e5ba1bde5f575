"""HTML safety: the static scan over every page, and a browser that records every request."""
import pytest
from quality_gates import FIXTURES, RequestRecorder, load

from casebook.sitecheck.scan import scan_site


def test_static_scan_finds_nothing_in_site(built_site, quality_stats):
    findings = scan_site(built_site)
    quality_stats.scan_pages = sum(1 for _ in built_site.rglob("*.html"))
    quality_stats.unsafe = len(findings)
    assert not findings, "\n".join(f.format() for f in findings)


def test_static_scan_reports_inline_handler_fixture():
    findings = scan_site(FIXTURES / "inline-handler")
    assert [f.format() for f in findings] == ["index.html:5: インラインのイベントハンドラ onclick= が <button> にあります"]


@pytest.mark.browser
def test_every_page_type_requests_only_loopback(page, base_url, page_types, quality_stats):
    """Every page type, search included: fonts, scripts, the search worker and its index."""
    recorder = RequestRecorder(page)
    for page_type in page_types:
        load(page, base_url, page_type)
        quality_stats.request_pages += 1
    quality_stats.requests = len(recorder.urls)
    foreign = recorder.foreign_requests()
    quality_stats.foreign_requests = len(foreign)
    assert len(recorder.urls) > len(page_types), "リクエストが記録されていません"
    assert not foreign, "127.0.0.1 以外へのリクエスト:\n" + "\n".join(foreign)


@pytest.mark.browser
def test_request_gate_reports_foreign_fixture(page, fixtures_url):
    recorder = RequestRecorder(page)
    page.goto(fixtures_url + "/foreign-request/", wait_until="load")
    assert recorder.foreign_requests() == ["http://cdn.example.invalid/logo.png",
                                           "http://fonts.example.invalid/style.css"]
