"""The case list's keyword rule in Python, to work out what /cases/?q=… must show.

The same rule as docs/javascripts/facets.js: the words of the query (white space between them,
"quoted" phrases as written) must all occur in the case's folded text (ID, title, summary, region
and year texts, labels of every facet in list.js); a word also matches through its synonym group
(glossary, kinds of area) and without its ・.
"""
from __future__ import annotations

import functools
import re

from casebook.render.case import region_label, year_label
from casebook.render.facets import FACETS
from casebook.render.list_pages import data_facets
from casebook.render.search import synonym_groups
from casebook.render.search_shards import fold

QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|(\S+)')


@functools.cache
def _synonyms(project) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for group in synonym_groups(project):
        folded = [fold(w) for w in group]
        for word in folded:
            out.setdefault(word, []).extend(folded)
    return out


def case_text(book, case) -> str:
    words = [case.id, case.display_title, case.summary, region_label(book, case), year_label(book, case)]
    for facet in data_facets(FACETS):
        if facet in book.taxonomy:
            words += [book.taxonomy[facet].label_of(k) for k in case.keys(facet)]
    return fold(" ".join(words))


def terms(project, query: str) -> list[list[str]]:
    out = []
    for m in QUOTED.finditer(query):
        phrase = m.group(1) or m.group(2) or m.group(3)
        if phrase:
            if phrase.strip():
                out.append([fold(phrase.strip())])
            continue
        word = fold(m.group(4))
        variants = [word, *_synonyms(project).get(word, [])]
        bare = re.sub("[・･]", "", word)
        if bare and bare != word:
            variants.append(bare)
        out.append(variants)
    return out


def keyword_match(project, book, case, query: str) -> bool:
    text = case_text(book, case)
    return all(any(v in text for v in variants) for variants in terms(project, query))
