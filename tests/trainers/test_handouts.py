"""Every case prints to at most 2 A4 pages, without site chrome, with a QR code that decodes to its URL."""
from __future__ import annotations

import re
import subprocess

import pytest
from trainers_support import PUBLIC

pytestmark = pytest.mark.browser


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def decode_qr(pdf, page: int) -> list[str]:
    """Render one PDF page to greyscale (pdftoppm) and read every QR code on it (zxing-cpp)."""
    import zxingcpp
    raw = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "150", "-gray", str(pdf)],
                         capture_output=True, check=True).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    width, height = int(match.group(1)), int(match.group(2))
    pixels = memoryview(raw[match.end():]).cast("B", (height, width))
    return [b.text for b in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]


def print_pages(browser, site, rels, out, check=None):
    """Print each page (print media, A4) to out/NAME.pdf; check(tab) runs on the last one."""
    context = browser.new_context(locale="ja-JP")
    try:
        tab = context.new_page()
        tab.emulate_media(media="print")
        pdfs = {}
        for rel in rels:
            tab.goto((site / rel / "index.html").as_uri())
            pdfs[rel] = out / (rel.replace("/", "_") + ".pdf")
            tab.pdf(path=str(pdfs[rel]), format="A4", prefer_css_page_size=True)
        return pdfs, (check(tab) if check else None)
    finally:
        context.close()


def test_every_case_prints_on_two_pages_with_its_qr_code(chromium, public_site, tmp_path):
    case_ids = sorted(p.parent.name for p in (public_site / "cases").glob("c*/index.html"))
    assert len(case_ids) >= 21
    pdfs, _ = chromium.run(print_pages, public_site, [f"cases/{c}" for c in case_ids], tmp_path)
    counts = {}
    for case_id in case_ids:
        pdf = pdfs[f"cases/{case_id}"]
        counts[case_id] = pdf_pages(pdf)
        assert counts[case_id] <= 2, f"{case_id} は {counts[case_id]} ページになりました"
        assert decode_qr(pdf, counts[case_id]) == [f"{PUBLIC}cases/{case_id}/"], case_id
    print("pages per case:", counts)


def test_print_hides_site_chrome_and_keeps_the_handout(chromium, public_site, tmp_path):
    hidden = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
              ".md-search", "#地域が似ている事例", "#関連する事例", ".headerlink"]
    shown = [".cb-card", "#事例検討の問い", ".cb-handout", ".cb-handout svg"]

    def check(tab):
        qr = tab.locator(".cb-handout svg")
        return ([s for s in hidden if not tab.locator(s).first.is_hidden()],
                [s for s in shown if not tab.locator(s).first.is_visible()],
                qr.get_attribute("role"), qr.get_attribute("aria-label"))
    _, (visible, missing, role, label) = chromium.run(print_pages, public_site, ["cases/c01"], tmp_path, check)
    assert visible == [] and missing == []
    assert role == "img" and f"{PUBLIC}cases/c01/" in label


def test_workshop_set_has_a_cover_and_starts_each_case_on_a_new_sheet(chromium, public_site, tmp_path):
    rel = "cases/workshop/block/kinki"
    pdfs, cases = chromium.run(print_pages, public_site, [rel], tmp_path,
                               lambda tab: tab.locator(".cb-ws-case").count())
    assert cases == 3
    pages = pdf_pages(pdfs[rel])
    assert 1 + cases <= pages <= 1 + 2 * cases
    assert decode_qr(pdfs[rel], 1) == []                 # the cover sheet carries no QR code
    found = {t for page in range(2, pages + 1) for t in decode_qr(pdfs[rel], page)}
    assert len(found) == cases and all(t.startswith(f"{PUBLIC}cases/c") for t in found)
