"""The built-site safety scanner finds each kind of unsafe HTML."""
import pytest

from casebook.scan import scan_site

THEME = ('<script>__md_scope=new URL(".",location)</script>'
         '<script id="__config" type="application/json">{"a": 1}</script>'
         '<script src="../assets/javascripts/bundle.abc.min.js"></script>')

BAD = {
    "inline-handler": '<p onclick="alert(1)">x</p>',
    "javascript-url": '<a href="javascript:alert(1)">x</a>',
    "javascript-url-entity": '<a href="java&#x73;cript:alert(1)">x</a>',
    "foreign-script": '<script src="https://cdn.example.com/x.js"></script>',
    "inline-script": "<script>alert(1)</script>",
    "foreign-stylesheet": '<link rel="stylesheet" href="https://fonts.example.com/css">',
    "foreign-image": '<img src="//example.com/x.png" alt="">',
}


def write(tmp_path, body):
    (tmp_path / "index.html").write_text(f"<html><body>{THEME}{body}</body></html>", encoding="utf-8")


def test_theme_page_is_clean(tmp_path):
    write(tmp_path, '<a href="https://example.org/">外部リンク</a><link rel="canonical" href="https://x.example/">')
    assert scan_site(tmp_path) == []


@pytest.mark.parametrize("name", BAD)
def test_unsafe_html_is_found(tmp_path, name):
    write(tmp_path, BAD[name])
    findings = scan_site(tmp_path)
    assert len(findings) == 1, findings
    assert findings[0].path == "index.html"


def test_worker_processes_find_the_same_as_one_process(tmp_path):
    for n in range(12):
        folder = tmp_path / f"p{n:02d}"
        folder.mkdir()
        body = BAD[sorted(BAD)[n % len(BAD)]] if n % 3 == 0 else "<p>安全</p>"
        (folder / "index.html").write_text(f"<html><body>{THEME}{body}</body></html>", encoding="utf-8")
    alone = scan_site(tmp_path, workers=1)
    assert len(alone) == 4
    assert scan_site(tmp_path, workers=2) == alone
