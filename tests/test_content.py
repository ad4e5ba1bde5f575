"""Content rules for the 21 sample cases and the pages built from them."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casebook.generate import load_book
from casebook.model import GUIDELINE_FACETS
from casebook.privacy import BIRTH, EMAIL, FOLD, HONORIFIC, NAME_RUN, PHONE, POSTAL, ROLE_WORDS
from casebook.project import Project

ROOT = Path(__file__).resolve().parent.parent
BOOK, _ = load_book(Project(ROOT))
GUIDE_PAGES = {"role": "guide/kikangata", "collaboration_point": "guide/collaboration",
               "coordinator_point": "guide/coordinator", "agency_point": "guide/coordinator",
               "stance": "guide/no-right-answer", "center_function": "guide/center-functions",
               "policy_direction": "background/policy"}


def body_length(case) -> int:
    text = case.context + case.outcomes + case.points + case.challenges
    text += "".join(step.title + step.detail for step in case.steps)
    return len(re.sub(r"\s|\*\*|^- ", "", text, flags=re.M))


def test_one_case_per_block_and_theme():
    for block in BOOK.taxonomy["block"].keys():
        for theme in BOOK.taxonomy["theme"].keys():
            assert len(BOOK.cell(block, theme)) == 1, (block, theme)


@pytest.mark.parametrize("facet", GUIDELINE_FACETS)
def test_every_guideline_point_is_shown_by_two_cases(facet):
    for key in BOOK.taxonomy[facet].keys():
        assert len(BOOK.with_key(facet, key)) >= 2, (facet, key)


def test_region_and_program_values_are_spread():
    for facet, minimum in (("population_band", 3), ("area_type", 3), ("resource_level", 3),
                           ("fiscal_year", 3), ("program", 3), ("partner", 1)):
        for key in BOOK.taxonomy[facet].keys():
            assert len(BOOK.with_key(facet, key)) >= minimum, (facet, key)


@pytest.mark.parametrize("case", BOOK.cases, ids=lambda c: c.id)
def test_each_sample_case_is_complete(case):
    assert case.status == "sample"
    assert case.keys("role")
    assert any(case.keys(f) for f in GUIDELINE_FACETS if f != "role")
    assert 600 <= body_length(case) <= 1500
    assert 2 <= len(case.discussion_questions) <= 3


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


@pytest.mark.parametrize("case", BOOK.cases, ids=lambda c: c.id)
def test_every_sample_page_says_so(built_site, case):
    html = (built_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
    assert "サンプル事例" in html and "架空のサンプル" in html


def test_lists_and_home_label_samples(built_site):
    listing = page_text(built_site / "cases" / "index.html")
    assert listing.count("サンプル") >= len(BOOK.cases)
    home = page_text(built_site / "index.html")
    assert f"{len(BOOK.cases)} 件" in home and f"{BOOK.sample_count()} 件" in home and "架空のサンプル" in home


def test_guideline_pages_list_their_cases(built_site):
    for facet, page in GUIDE_PAGES.items():
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        for key in BOOK.taxonomy[facet].keys():
            for case in BOOK.with_key(facet, key):
                assert f"cases/{case.id}/" in html, (page, key, case.id)


def test_no_personal_data_on_any_page(built_site):
    """Every page but the contributor guide, which quotes examples of what the rules reject."""
    problems = []
    for path in sorted(built_site.rglob("*.html")):
        if path.parts[len(built_site.parts)] == "contributing":
            continue
        text = page_text(path).translate(FOLD)
        for pattern in (PHONE, POSTAL, EMAIL, BIRTH):
            problems += [(path.name, m.group()) for m in pattern.finditer(text)]
        for match in HONORIFIC.finditer(text):
            run = NAME_RUN.search(text[:match.start()])
            if run and not any(run.group().endswith(w) for w in ROLE_WORDS):
                problems.append((str(path.relative_to(built_site)), run.group() + match.group()))
    assert problems == []
