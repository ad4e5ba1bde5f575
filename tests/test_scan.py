"""The built-site safety scanner finds each kind of unsafe HTML."""
import pytest

from casebook.sitecheck.scan import scan_site

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
    "srcdoc": '<p srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">x</p>',
    "iframe": '<iframe src="../x/"></iframe>',
    "base": '<base href="https://evil.example/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "meta-http-equiv-other": '<meta http-equiv="Set-Cookie" content="a=b">',
    "object": '<object type="text/html"></object>',
    "embed": '<embed type="text/html">',
    "form-elsewhere": '<form action="https://evil.example/post"><button>送信</button></form>',
    "form-protocol-relative": "<form action='//evil.example/post'></form>",
    "formaction-elsewhere": '<form><button formaction="https://evil.example/">送信</button></form>',
    "style-attr-url": '<p style="background: url(\'https://evil.example/x.png\')">x</p>',
    "style-attr-url-escaped": '<p style="background: \\75 rl(//evil.example/x.png)">x</p>',
    "style-attr-url-comment": '<p style="background: url(/**/https://evil.example/x.png)">x</p>',
    "style-element-url": "<style>body { background: url(https://evil.example/x) }</style>",
    "style-element-import": '<style>@import "https://evil.example/x.css";</style>',
    "event-handler-svg": "<svg onload=alert(1)></svg>",
    "event-handler-uppercase": "<p OnMouseOver='alert(1)'>x</p>",
    "javascript-url-svg": '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    "javascript-url-style": '<p style="background:url(javascript:alert(1))">x</p>',
    "javascript-url-formaction": '<form><button formaction="javascript:alert(1)">x</button></form>',
}
# Pages of ours look like this: no finding.
GOOD = [
    '<form class="md-search__form" name="search"><input type="text"></form>',
    '<form action="../search/"><button>探す</button></form>',
    '<p style="background: url(../assets/x.png); color: red">x</p>',
    '<p style="background-image: url(data:image/png;base64,AAAA)">x</p>',
    "<style>.a { background: url(/assets/x.svg) }</style>",
    '<meta name="description" content="javascript: という言葉の説明 0;url=https://x.example/">',
    '<abbr title="&lt;iframe srcdoc=x&gt; onload=">JC</abbr>',
]


def write(tmp_path, body):
    (tmp_path / "index.html").write_text(f"<html><body>{THEME}{body}</body></html>", encoding="utf-8")


def test_theme_page_is_clean(tmp_path):
    write(tmp_path, '<a href="https://example.org/">外部リンク</a><link rel="canonical" href="https://x.example/">')
    assert scan_site(tmp_path) == []


@pytest.mark.parametrize("body", GOOD)
def test_our_kind_of_html_is_clean(tmp_path, body):
    write(tmp_path, body)
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
    assert len(alone) == sum(1 for n in range(12) if n % 3 == 0)
    assert scan_site(tmp_path, workers=2) == alone


def test_scan_alongside_finds_what_a_scan_of_the_folder_finds(tmp_path):
    """Pages handed over while they are rendered, a page changed after that, a page never
    handed over, CRLF line ends: the findings are scan_site's, only stale pages read again."""
    from casebook.sitecheck.alongside import ScanAlongside
    pages = {}
    for n in range(12):
        body = BAD[sorted(BAD)[n % len(BAD)]] if n % 3 == 0 else "<p>安全</p>"
        pages[f"p{n:02d}/index.html"] = f"<html><body>{THEME}\r\n<p>行</p>\r\n{body}</body></html>"
    scan = ScanAlongside()
    try:
        for rel, text in pages.items():
            scan.page(rel, text)
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_bytes(text.encode("utf-8"))
        (tmp_path / "p01" / "index.html").write_text(f"<html><body>{THEME}{BAD[sorted(BAD)[1]]}</body></html>",
                                                     encoding="utf-8")    # changed after it was handed over
        (tmp_path / "404.html").write_text(f"<html><body>{THEME}{BAD[sorted(BAD)[2]]}</body></html>", encoding="utf-8")
        findings, again = scan.finish(tmp_path)
    finally:
        scan.close()
    assert findings == scan_site(tmp_path, workers=1)
    assert {f.path for f in findings} >= {"p01/index.html", "404.html", "p00/index.html"}
    assert again == 2
