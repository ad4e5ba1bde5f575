"""The glossary (cases/glossary.yml): terms, readings, synonyms and abbreviations."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.diagnostics import CasebookError, Diagnostic
from ..core.project import Project
from ..core.text import one_line
from .load import load_file

# An abbreviation is matched in page text and written as `*[SHORT]: ...`: no brackets, spaces,
# markup or Markdown emphasis characters (the meaning is escaped by markup.abbr_definition).
SHORT_FORM = re.compile(r"[^\s\[\]<>&\"'`\\*_|]+")


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    reading: str
    synonyms: tuple[str, ...]
    abbr: tuple[str, ...]
    description: str


def load_glossary(project: Project) -> list[Term]:
    """Terms sorted by reading; an absent glossary file is an empty glossary."""
    if not project.glossary_file.exists():
        return []
    rel = project.rel(project.glossary_file)
    loaded, problems = load_file(project.glossary_file, rel)
    if loaded is None:
        raise CasebookError(problems)
    items = loaded.data.get("terms") if isinstance(loaded.data, dict) else None
    if not isinstance(items, list):
        line, col = loaded.pos(())
        raise CasebookError([Diagnostic(rel, line, col, "CB061", "terms: の一覧がありません",
                                        "ファイル先頭の説明の形で用語を書いてください")])
    terms, keys = [], set()
    for i, item in enumerate(items):
        line, col = loaded.pos(("terms", i))
        ok = isinstance(item, dict) and all(isinstance(item.get(k), str) and item[k].strip()
                                            for k in ("key", "term", "reading", "description"))
        lists_ok = ok and all(isinstance(item.get(k, []), list) and all(isinstance(x, str) for x in item.get(k, []))
                              for k in ("synonyms", "abbr"))
        if not lists_ok:
            problems.append(Diagnostic(rel, line, col, "CB061", "用語には key・term・reading・description（文字列）と、"
                                       "synonyms・abbr（文字列の一覧）が必要です", "他の用語と同じ形で書いてください"))
            continue
        bad = [j for j, short in enumerate(item.get("abbr", [])) if not SHORT_FORM.fullmatch(short)]
        if bad:
            line, col = loaded.pos(("terms", i, "abbr", bad[0]))
            problems.append(Diagnostic(rel, line, col, "CB061", f"略語 '{one_line(item['abbr'][bad[0]])[:40]}' に使えない文字があります",
                                       "略語には空白・括弧 [ ]・< > & \" ' ` \\ * _ | を含めないでください"))
            continue
        if item["key"] in keys:
            problems.append(Diagnostic(rel, line, col, "CB061", f"用語のキー '{one_line(item['key'])[:40]}' が重複しています",
                                       "別のキーにしてください"))
            continue
        keys.add(item["key"])
        terms.append(Term(item["key"], item["term"], item["reading"], tuple(item.get("synonyms", [])),
                          tuple(item.get("abbr", [])), item["description"].strip()))
    if problems:
        raise CasebookError(problems)
    return sorted(terms, key=lambda t: (t.reading, t.key))


def abbreviations(terms: list[Term]) -> dict[str, str]:
    """Short form -> its explanation, for Markdown's abbr extension."""
    return {short: f"{t.term}: {t.description}" for t in terms for short in t.abbr}
