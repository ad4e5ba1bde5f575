"""Synthetic cases for `casebook bench` whose text varies about as much as written cases.

A repeated paragraph compresses far better than real writing (the search data of the old
generator gzipped 26:1 against about 6:1 for written cases), which makes every size and speed
measured on it look better than it will be. So every synthetic case is one of the repository's
own cases with most of its sentences swapped for sentences of other cases and many of its kanji
words swapped for other words of the same length from the cases and the glossary: text that
reads like the cases, with about the variety of new writing. The cases are nonsense and only
ever land in a bench copy, never in the repository.
"""
from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import yaml

from ..core.errors import NotARepository

SENTENCE = re.compile(r"[^。\n]+。?")
KANJI = re.compile(r"[\u4e00-\u9fff]{2,}")
TEXT_FIELDS = ("context", "outcomes", "points", "challenges")
MARKUP = re.compile(r"[#*`<>{}\[\]|:]")
# A list item's first sentence carries the item's mark: swapped sentences are drawn without it
# and the mark stays where it was. (Drawn with it, a list item's sentence put in a paragraph
# made "text\n- text", which Markdown keeps as one paragraph with a literal "- ": no written
# case has that, and it sent a tenth of the synthetic texts down the slow Markdown path.)
LIST_MARK = "- "


class NoSourceCases(NotARepository):
    """The repository has no readable case to vary (a usage error for bench, exit 2)."""


def case_id(number: int) -> str:
    return f"c{number:02d}"


def _pool(cases: list[dict], extra: str) -> tuple[list[str], dict[int, list[str]]]:
    sentences, words = set(), set()
    texts = [extra]
    for case in cases:
        texts += [str(case.get(f) or "") for f in (*TEXT_FIELDS, "summary", "title")]
        texts += [str(s.get("detail") or "") for s in case.get("steps") or [] if isinstance(s, dict)]
    for text in texts:
        found = (s.strip().removeprefix(LIST_MARK) for s in SENTENCE.findall(text))
        sentences.update(s for s in found if len(s) > 12 and not MARKUP.search(s))
        words.update(KANJI.findall(text))
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(word)
    return sorted(sentences), by_length


def _names(text: str) -> set[str]:
    from ..rules.names import find_names
    return {text[start:end] for start, end, _ in find_names(text)}


def _vary(text: str, rng: random.Random, sentences, words, swap: float = 0.6, word_rate: float = 0.5) -> str:
    """A variant of text; one that the name check (CB056) would refuse is drawn again, and
    after three tries the text stays as it was (a swapped word can read as a name: 丸投 + げ)."""
    allowed = None
    for _ in range(3):
        variant = _draw(text, rng, sentences, words, swap, word_rate)
        if allowed is None:
            allowed = _names(text)
        if _names(variant) <= allowed:
            return variant
    return text


def _draw(text: str, rng: random.Random, sentences, words, swap: float, word_rate: float) -> str:
    def sentence(match):
        s = match.group(0)
        if len(s.strip()) > 12 and rng.random() < swap:
            s = (LIST_MARK if s.startswith(LIST_MARK) else "") + rng.choice(sentences)
        return KANJI.sub(lambda m: rng.choice(words.get(len(m.group(0)), [m.group(0)]))
                         if rng.random() < word_rate else m.group(0), s)
    return SENTENCE.sub(sentence, text)


def source_cases(cases_dir: Path) -> list[dict]:
    """The repository's cases that parse as a mapping (a broken file is skipped, not fatal)."""
    found = []
    for path in sorted(cases_dir.glob("c*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.append(data)
    if not found:
        raise NoSourceCases(f"{cases_dir} に元にできる事例（cNN.yaml）がありません"
                            " -- 合成事例は既存の事例の文を組み替えて作ります")
    return found


def write_cases(source: Path, dest: Path, cases: int, extra: str = "", seed: int = 15) -> None:
    """Write cases c01..cN into dest: the first ones as they are, the rest varied."""
    real = source_cases(source)
    extra += (source / "glossary.yml").read_text(encoding="utf-8") if (source / "glossary.yml").is_file() else ""
    sentences, words = _pool(real, extra)
    rng = random.Random(seed)
    for n in range(1, cases + 1):
        case = copy.deepcopy(real[(n - 1) % len(real)])
        case["id"] = case_id(n)
        if n > len(real):
            case["status"] = "sample"
            for field in TEXT_FIELDS:
                if isinstance(case.get(field), str):
                    case[field] = _vary(case[field], rng, sentences, words)
            for step in case.get("steps") or []:
                if isinstance(step, dict):
                    step["detail"] = _vary(str(step.get("detail") or ""), rng, sentences, words)
                    step["title"] = _vary(str(step.get("title") or ""), rng, sentences, words, swap=0)
            for field in ("title", "summary"):
                case[field] = _vary(str(case.get(field) or ""), rng, sentences, words, swap=0)
        related = [r for r in case.get("related") or [] if isinstance(r, str) and r[1:].isdigit() and int(r[1:]) <= cases]
        if related or "related" in case:
            case["related"] = [r for r in related if r != case["id"]]
            if not case["related"]:
                del case["related"]
        (dest / f"{case['id']}.yaml").write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
