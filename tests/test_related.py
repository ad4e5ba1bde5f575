"""「地域が似ている事例」and「関連する事例」on the 21 sample cases.

Expected ids are worked out by hand from cases/*.yaml: similar_region ranks by the number of
shared region attributes (population band, area type, resource level), ties by nearest id.
"""
import re
from pathlib import Path

import pytest

from casebook.book import load_book
from casebook.core.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def book():
    return load_book(Project(ROOT))[0]


@pytest.mark.parametrize("case_id, expected", [
    ("c01", ["c03", "c05", "c09"]),   # under-100k・rural・few: all three shared; nearest ids first
    ("c13", ["c15", "c08", "c07"]),   # over-1m・metropolitan・many
    ("c12", ["c19", "c10", "c06"]),   # c19 shares all three; c10 (band+many) and c06 (band+city) share two
])
def test_similar_region_exact(book, case_id, expected):
    assert [c.id for c in book.similar_region(book.by_id[case_id])] == expected


@pytest.mark.parametrize("case_id, explicit", [("c01", ["c16", "c04"]), ("c15", ["c21", "c03"]),
                                                ("c20", ["c05", "c14"])])
def test_related_lists_explicit_ids_first(book, case_id, explicit):
    related = [c.id for c in book.related_cases(book.by_id[case_id])]
    assert related[:2] == explicit and case_id not in related and len(related) == 4


def test_related_by_overlap_shares_something(book):
    case = book.by_id["c06"]
    for other in book.related_cases(case)[len(case.related):]:
        shared = sum(len(set(other.keys(f)) & set(case.keys(f)))
                     for f in ("role", "collaboration_point", "partner", "coordinator_point", "agency_point",
                               "stance", "center_function"))
        assert shared > 0



def _related_by_pairs(book, case, limit=4):
    """The definition, pair by pair: most shared facet values, then the lower id; none shared: not related."""
    from casebook.model import SHARED_FACETS
    explicit = [c for c in map(book.shown, case.related) if c is not None]
    skip = {case.id, *(c.id for c in explicit)}

    def shared(other):
        return sum(len(set(other.keys(f)) & set(case.keys(f))) for f in SHARED_FACETS)
    ranked = sorted((c for c in book.listed() if c.id not in skip and shared(c)),
                    key=lambda c: (-shared(c), c.number))
    return (explicit + ranked[:limit])[:max(limit, len(explicit))]


def test_related_cases_equal_the_pairwise_definition_on_many_cases(book):
    """Random facet values on 400 copies of the cases, some withdrawn or drafts, with explicit links."""
    import dataclasses
    import random

    from casebook.model import SHARED_FACETS, Casebook
    rng = random.Random(7)
    cases = []
    for n in range(1, 401):
        base = book.cases[n % len(book.cases)]
        facets = dict(base.facets)
        for facet in SHARED_FACETS:
            keys = book.taxonomy[facet].keys()
            facets[facet] = tuple(rng.sample(keys, rng.randint(0, min(len(keys), 4))))
        status = rng.choice(["sample"] * 8 + ["withdrawn", "draft"])
        related = tuple(f"c{rng.randint(1, 420):03d}" for _ in range(rng.choice([0, 0, 1, 3])))
        cases.append(dataclasses.replace(base, id=f"c{n:03d}", status=status, facets=facets, related=related))
    many = Casebook.build(book.taxonomy, cases, book.fields)
    for case in many.cases:
        for limit in (4, 1, 30):
            assert [c.id for c in many.related_cases(case, limit)] == [c.id for c in _related_by_pairs(many, case, limit)], case.id

def section(html: str, title: str) -> str:
    match = re.search(r"<h2 id=\"[^\"]*\">" + title, html)
    assert match, title
    return html[match.end():].split("<h2", 1)[0]


def test_every_case_page_shows_both_sections_with_reasons(built_site):
    for n in range(1, 22):
        html = (built_site / "cases" / f"c{n:02d}" / "index.html").read_text(encoding="utf-8")
        similar = section(html, "地域が似ている事例")
        assert len(re.findall(r'href="[^"]*c\d{2}/"', similar)) == 3 and "共通点" in similar
        related = section(html, "関連する事例")
        assert len(re.findall(r'href="[^"]*c\d{2}/"', related)) >= 2 and "編集者が選んだ関連事例" in related
