"""Printing pages to A4 PDFs in Chromium and reading the PDFs (poppler-utils, zxing-cpp).

A print layout is only worth measuring with a Japanese font. Without one, Chromium draws the
Japanese text with fallback glyphs (tofu boxes) of other widths, and a page count says nothing
about the handouts trainers print. print_pages therefore reports which fonts drew Japanese
text, and require_japanese_font fails with what to install (`make browser-deps` installs
fonts-ipafont-gothic).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest

# Kanji, hiragana, katakana and full-width punctuation, as the handouts use them.
PROBE_TEXT = "事例検討の問い：ひらがな・カタカナ「研修」、印刷。"
_PROBE = """text => {
  const probe = document.createElement('p');
  probe.id = 'cb-font-probe';
  probe.textContent = text;
  document.querySelector('.md-content .md-typeset').append(probe);
}"""


# Chromium writes a named destination into the PDF for each element a link points to (the
# hidden table of contents covers the headings). Hidden links to every id in the content make
# the ids the checks add (inspect) destinations too, without changing the layout.
_LINK_EVERY_ID = """() => {
  const links = document.createElement('div');
  links.hidden = true;
  for (const el of document.querySelectorAll('.md-content [id]')) {
    const a = document.createElement('a');
    a.href = '#' + el.id;
    links.append(a);
  }
  document.body.append(links);
}"""


@dataclass
class Printed:
    pdfs: dict[str, Path]                      # page (site-relative folder) -> its PDF
    fonts: list[tuple[str, int]]               # (font family, glyphs) that drew PROBE_TEXT
    inspected: dict[str, object] = field(default_factory=dict)   # page -> inspect(tab)


def _fonts_for_japanese_text(tab) -> list[tuple[str, int]]:
    """The fonts Chromium used for PROBE_TEXT in the page's running text (print media)."""
    tab.evaluate(_PROBE, PROBE_TEXT)
    cdp = tab.context.new_cdp_session(tab)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#cb-font-probe"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        in_print = tab.evaluate("matchMedia('print').matches")
    finally:
        cdp.detach()
        tab.evaluate("document.getElementById('cb-font-probe').remove()")
        tab.emulate_media(media="print")     # the CDP session's end resets the emulated media
    assert in_print, "日本語のフォントを印刷の表示で確かめられませんでした"
    return [(f["familyName"], f["glyphCount"]) for f in fonts]


def print_pages(browser, site: Path, rels: list[str], out: Path, inspect=None) -> Printed:
    """Print each page (print media, A4) to out/NAME.pdf, after inspect(tab) if given.

    Also reports the fonts that drew Japanese text on the first page: every page uses the
    same stylesheets, so one probe says what the whole run measured with.
    """
    context = browser.new_context(locale="ja-JP")
    try:
        tab = context.new_page()
        tab.emulate_media(media="print")
        printed = Printed({}, [])
        for rel in rels:
            tab.goto((site / rel / "index.html").as_uri())
            if not printed.fonts:
                printed.fonts = _fonts_for_japanese_text(tab)
            if inspect:
                printed.inspected[rel] = inspect(tab)
                tab.evaluate(_LINK_EVERY_ID)
            printed.pdfs[rel] = out / (rel.replace("/", "_") + ".pdf")
            tab.pdf(path=str(printed.pdfs[rel]), format="A4", prefer_css_page_size=True)
        return printed
    finally:
        context.close()


@lru_cache(maxsize=1)
def japanese_families() -> frozenset[str]:
    """Font families installed with Japanese coverage, as fontconfig (which Chromium uses) sees them."""
    if shutil.which("fc-list") is None:
        pytest.fail("fc-list（fontconfig）がありません: `make browser-deps` を実行してください", pytrace=False)
    out = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=True).stdout
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",") if name.strip())


def require_japanese_font(fonts: list[tuple[str, int]]) -> None:
    """Fail, saying what to install, unless a Japanese font drew every glyph of PROBE_TEXT."""
    installed = japanese_families()
    others = [f"{name}（{count} 字）" for name, count in fonts if name not in installed]
    if fonts and not others:
        return
    used = "、".join(f"{name}（{count} 字）" for name, count in fonts) or "なし"
    pytest.fail("印刷のテストは日本語のフォントで測る必要がありますが、日本語の文字が日本語のフォント以外で"
                f"描かれました（{'、'.join(others) or used}）。代わりの字形（豆腐）の幅で紙面を測っても、"
                "研修で印刷する資料のページ数はわかりません。`make browser-deps` を実行して日本語のフォント"
                "（Debian の fonts-ipafont-gothic）を入れてください。"
                f"\n  日本語の文字を描いたフォント: {used}"
                f"\n  日本語に対応したフォント（fc-list :lang=ja）: {'、'.join(sorted(installed)) or 'なし'}",
                pytrace=False)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


_DEST = re.compile(r'^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$', re.M)


def pdf_destinations(path: Path) -> dict[str, int]:
    """Element id -> the page its top is printed on, for every id a link points to
    (see _LINK_EVERY_ID); poppler lists the names percent-encoded."""
    out = subprocess.run(["pdfinfo", "-dests", str(path)], capture_output=True, text=True, check=True).stdout
    return {urllib.parse.unquote(m.group(2)): int(m.group(1)) for m in _DEST.finditer(out)}


def decode_qr(pdf: Path, page: int) -> list[str]:
    """Render one PDF page to greyscale (pdftoppm) and read every QR code on it (zxing-cpp)."""
    import zxingcpp
    raw = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "150", "-gray", str(pdf)],
                         capture_output=True, check=True).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    width, height = int(match.group(1)), int(match.group(2))
    pixels = memoryview(raw[match.end():]).cast("B", (height, width))
    return [b.text for b in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]


# Gives every visible heading and the visible element after it an id (Chromium then writes a
# destination for each), and returns the pairs: a heading printed on another page than what
# follows it is stranded at the foot of a page.
HEADING_PAIRS = """() => {
  const shown = el => el.getClientRects().length > 0;
  let n = 0;
  const named = el => el.id || (el.id = `cb-print-${++n}`);
  const pairs = [];
  for (const h of document.querySelectorAll('.md-content .md-typeset :is(h1, h2, h3, h4, h5, h6)')) {
    if (!shown(h)) continue;
    let next = h.nextElementSibling;
    while (next && !shown(next)) next = next.nextElementSibling;
    if (next) pairs.push([named(h), named(next), h.textContent.replace('¶', '').trim()]);
  }
  return pairs;
}"""


def stranded_headings(pdf: Path, pairs: list[list[str]]) -> list[str]:
    """Headings (of HEADING_PAIRS) printed on another page than the element after them."""
    dests = pdf_destinations(pdf)
    out = []
    for heading, after, text in pairs:
        if heading not in dests or after not in dests:
            out.append(f"「{text}」（#{heading}）: PDF に位置がありません（#{heading}、#{after}）")
        elif dests[heading] != dests[after]:
            out.append(f"「{text}」（#{heading}）: 見出しは {dests[heading]} ページ、続きは {dests[after]} ページ")
    return out
