"""Every workshop set (block and theme) printed to A4 in Chromium with a Japanese font.

A set's cover is one sheet up to ONE_SHEET_COVER cases; a longer set's cover is two sheets,
the plan (notes, cases, roles) and then the discussion questions, and a case's questions are
never split. Each case starts a new sheet, takes at most two pages like its own handout, and
ends with its whole QR code. No heading is left at the foot of a page.
All sets print once, in one browser; the PDFs are read in parallel.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from print_support import HEADING_PAIRS, decode_qr, pdf_destinations, pdf_pages, print_pages, require_japanese_font, stranded_headings
from trainers_support import PUBLIC

pytestmark = pytest.mark.browser

CASE_PAGES = 2          # as a case printed on its own (test_handouts.py)

# Names the parts of a set that the checks look up in the PDF (Chromium writes a destination
# for every id): where each case's QR block and its address start, and each case's last question.
SET_PARTS = """() => {
  for (const c of document.querySelectorAll('.cb-ws-case')) {
    const id = c.querySelector(':scope > h2').id;
    const qr = c.querySelector('.cb-handout');
    if (qr) { qr.id = `cb-qr-${id}`; qr.querySelector('.cb-handout__text').id = `cb-qr-text-${id}`; }
  }
  for (const q of document.querySelectorAll('.cb-ws-q')) {
    q.querySelector('li:last-of-type').id = `cb-q-end-${q.querySelector('h3').id}`;
  }
  const cover = document.querySelector('.cb-ws-cover');
  return {
    cases: [...document.querySelectorAll('.cb-ws-case > h2')].map(h => h.id),
    twoSheets: cover.classList.contains('cb-ws-cover--two-sheets'),
    questions: [...cover.querySelectorAll('.cb-ws-q h3')].map(h => h.id),
  };
}"""


@dataclass
class SetPrint:
    rel: str
    pdf: Path
    cases: list[str]
    two_sheets: bool
    questions: list[str]
    pairs: list
    pages: int = 0
    dests: dict[str, int] = field(default_factory=dict)
    qr: dict[int, list[str]] = field(default_factory=dict)     # page -> QR codes read there

    @property
    def cover_pages(self) -> int:
        return self.dests[self.cases[0]] - 1

    def case_pages(self, case_id: str) -> tuple[int, int]:
        """First and last page of a case (the next case starts a new sheet)."""
        i = self.cases.index(case_id)
        end = self.dests[self.cases[i + 1]] - 1 if i + 1 < len(self.cases) else self.pages
        return self.dests[case_id], end


def _inspect(tab):
    return tab.evaluate(SET_PARTS), tab.evaluate(HEADING_PAIRS)


def _read(s: SetPrint) -> SetPrint:
    s.pages, s.dests = pdf_pages(s.pdf), pdf_destinations(s.pdf)
    missing = [i for i in s.cases if i not in s.dests]
    assert not missing, f"{s.rel}: 事例の見出しが PDF にありません: {missing}"
    wanted = set(range(1, s.cover_pages + 1)) | {s.case_pages(c)[1] for c in s.cases}
    s.qr = {page: decode_qr(s.pdf, page) for page in sorted(wanted)}
    return s


@pytest.fixture(scope="module")
def printed_sets(chromium, public_site, tmp_path_factory) -> dict[str, SetPrint]:
    rels = sorted(p.parent.relative_to(public_site).as_posix()
                  for p in (public_site / "cases" / "workshop").glob("*/*/index.html"))
    printed = chromium.run(print_pages, public_site, rels, tmp_path_factory.mktemp("sets"), _inspect)
    require_japanese_font(printed.fonts)
    sets = [SetPrint(rel, printed.pdfs[rel], parts["cases"], parts["twoSheets"], parts["questions"], pairs)
            for rel, (parts, pairs) in printed.inspected.items()]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        sets = list(pool.map(_read, sets))
    print("pages per set (cover + cases):",
          {s.rel.removeprefix("cases/workshop/"): f"{s.pages} ({s.cover_pages} + "
           + "+".join(str(b - a + 1) for a, b in map(s.case_pages, s.cases)) + ")" for s in sets})
    return {s.rel: s for s in sets}


def test_every_block_and_theme_set_is_printed(printed_sets, public_repo):
    from casebook.book import load_book
    from casebook.core.project import Project
    from casebook.render.workshop import SET_FACETS, SET_LIMIT
    book, _ = load_book(Project(public_repo))
    wanted = {f"cases/workshop/{facet}/{key}": book.with_key(facet, key)[:SET_LIMIT]
              for facet in SET_FACETS for key in book.taxonomy[facet].keys()}
    assert {rel: s.cases for rel, s in printed_sets.items()} == {rel: [c.id for c in cases] for rel, cases in wanted.items()}
    assert all(wanted.values()), "事例のないセットがあります"
    # every case's questions are a block of the cover (the checks below follow each one)
    assert {rel: s.questions for rel, s in printed_sets.items()} == {
        rel: [f"questions-{c.id}" for c in cases if c.discussion_questions] for rel, cases in wanted.items()}


def test_cover_fits_one_sheet_or_two_designed_sheets(printed_sets):
    from casebook.render.workshop import ONE_SHEET_COVER
    problems = []
    for rel, s in printed_sets.items():
        if s.two_sheets != (len(s.cases) > ONE_SHEET_COVER):
            problems.append(f"{rel}: {len(s.cases)} 件のセットの表紙の形（two_sheets={s.two_sheets}）")
        want = 2 if s.two_sheets else 1
        if s.cover_pages != want:
            problems.append(f"{rel}: 表紙が {s.cover_pages} ページ（{want} ページのはず）")
        if s.two_sheets and (s.dests.get("roles") != 1 or s.dests.get("questions") != 2):
            problems.append(f"{rel}: 1枚目に進行メモ・事例・役割、2枚目の先頭に事例検討の問いのはずが、"
                            f"役割 {s.dests.get('roles')} ページ、問い {s.dests.get('questions')} ページ")
        for q in s.questions:     # a case's questions stay together with their heading
            if s.dests.get(q) != s.dests.get(f"cb-q-end-{q}"):
                problems.append(f"{rel}: #{q} の問いが {s.dests.get(q)} ページと "
                                f"{s.dests.get(f'cb-q-end-{q}')} ページに分かれました")
    assert not problems, "\n".join(problems)


def test_each_case_fits_its_pages_and_ends_with_its_whole_qr_code(printed_sets):
    problems = []
    for rel, s in printed_sets.items():
        for page in range(1, s.cover_pages + 1):
            if s.qr[page]:
                problems.append(f"{rel}: 表紙の {page} ページに QR コード {s.qr[page]}")
        for case_id in s.cases:
            first, last = s.case_pages(case_id)
            if last - first + 1 > CASE_PAGES:
                problems.append(f"{rel}: {case_id} が {last - first + 1} ページ（{first}〜{last}）になりました")
            block, text = s.dests.get(f"cb-qr-{case_id}"), s.dests.get(f"cb-qr-text-{case_id}")
            if not (block == text == last):
                problems.append(f"{rel}: {case_id} の QR コードとアドレスが最後のページ（{last}）にありません"
                                f"（QR {block} ページ、アドレス {text} ページ）")
            if s.qr[last] != [f"{PUBLIC}cases/{case_id}/"]:
                problems.append(f"{rel}: {case_id} の最後のページ（{last}）で読めた QR コード: {s.qr[last]}")
    assert not problems, "\n".join(problems)


def test_no_heading_is_left_at_the_foot_of_a_page(printed_sets):
    problems = [f"{rel}: {p}" for rel, s in printed_sets.items() for p in stranded_headings(s.pdf, s.pairs)]
    assert not problems, "\n".join(problems)
