"""Every case prints to at most 2 A4 pages, without site chrome, with a QR code that decodes to its URL
and no heading left at the foot of a page; measured with a Japanese font (print_support.py).

Workshop sets (a cover and several cases in one page) are printed in test_print_sets.py."""
from __future__ import annotations

import pytest
from print_support import HEADING_PAIRS, decode_qr, pdf_pages, print_pages, require_japanese_font, stranded_headings
from trainers_support import PUBLIC

pytestmark = pytest.mark.browser


def test_every_case_prints_on_two_pages_with_its_qr_code(chromium, public_site, tmp_path):
    case_ids = sorted(p.parent.name for p in (public_site / "cases").glob("c*/index.html"))
    assert len(case_ids) >= 21
    rels = [f"cases/{c}" for c in case_ids]
    printed = chromium.run(print_pages, public_site, rels, tmp_path, lambda tab: tab.evaluate(HEADING_PAIRS))
    require_japanese_font(printed.fonts)
    counts = {}
    for case_id, rel in zip(case_ids, rels, strict=True):
        pdf = printed.pdfs[rel]
        counts[case_id] = pdf_pages(pdf)
        assert counts[case_id] <= 2, f"{case_id} は {counts[case_id]} ページになりました"
        assert decode_qr(pdf, counts[case_id]) == [f"{PUBLIC}cases/{case_id}/"], case_id
        assert stranded_headings(pdf, printed.inspected[rel]) == [], case_id
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
    printed = chromium.run(print_pages, public_site, ["cases/c01"], tmp_path, check)
    visible, missing, role, label = printed.inspected["cases/c01"]
    assert visible == [] and missing == []
    assert role == "img" and f"{PUBLIC}cases/c01/" in label

