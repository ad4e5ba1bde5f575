"""What to write instead: suggestions for a value or key the schema refuses.

An editor writes what they see on the site (a label, part of it, a year) or what the keyboard
gave them (a full-width digit). The suggestion names the key to write and, where the mistake
is one character, that character and its place in the value.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..sources.typos import full_width_note

# A template insertion (`{block}`) that was copied instead of filled in; YAML reads the bare
# form as a one-key mapping and the quoted form as text.
PLACEHOLDER_TEXT = re.compile(r"\{[a-z_]+\}")
REIWA_FIRST_YEAR = 2019


@dataclass(frozen=True)
class Suggestion:
    hint: str
    offset: int | None = None     # character in the value the hint is about


def placeholder(value) -> str | None:
    """`{name}` if value is a template insertion left in, else None."""
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if inner is None and isinstance(key, str) and re.fullmatch(r"[a-z_]+", key):
            return "{" + key + "}"
    if isinstance(value, str) and PLACEHOLDER_TEXT.fullmatch(value):
        return value
    return None


def _quoted(value) -> str:
    return f"'{value}'"


def _key_with_label(value) -> str:
    return f"'{value.key}'（{value.label}）"


def taxonomy_value(value, facet) -> Suggestion | None:
    """The key meant by a value that is not one: full-width, case, label, part of a label, year."""
    keys = facet.keys()
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    if isinstance(value, int):
        return _year(value, facet)
    text = str(value)
    if len(text) > 100:    # difflib is quadratic, and no key or label is that long
        return None
    plain = unicodedata.normalize("NFKC", text).strip()
    if plain != text and plain in keys:
        offset, note = full_width_note(text) or (0, "全角の文字があります")
        return Suggestion(f"{note}。半角で {_quoted(plain)} と書いてください", offset)
    if plain.lower() in keys:
        return Suggestion(f"{_quoted(plain.lower())} のことですか？（キーは小文字で書きます）")
    for item in facet.values:
        if text == item.label:
            return Suggestion(f"{_quoted(item.key)} のことですか？（ラベルではなくキーを書きます）")
    partial = [v for v in facet.values if text in v.label] if text else []
    if 1 <= len(partial) <= 3:
        which = "、".join(_key_with_label(v) for v in partial)
        ending = "のことですか？" if len(partial) == 1 else "のどれかですか？"
        return Suggestion(f"{which}{ending}（ラベルではなくキーを書きます）")
    described = [v for v in facet.values if text in v.description] if len(text) >= 2 else []
    if len(described) == 1:      # 大阪 -> kinki: a place the description of one value names
        return Suggestion(f"「{text}」は{described[0].label}です。{_quoted(described[0].key)} のことですか？（キーを書きます）")
    year = re.fullmatch(r"(\d{4})(年度?)?", plain)
    if year:
        return _year(int(year.group(1)), facet)
    close = difflib.get_close_matches(text, keys, n=1, cutoff=0.6)
    if close:
        return Suggestion(f"{_quoted(close[0])} のことですか？")
    return None


def _year(number: int, facet) -> Suggestion | None:
    """A calendar year written for a fiscal year key (2023 -> 令和5年度)."""
    reiwa = number - REIWA_FIRST_YEAR + 1
    if reiwa < 1:
        return None
    for item in facet.values:
        if f"令和{reiwa}年度" in item.label:
            return Suggestion(f"{number}年度は令和{reiwa}年度です。{_key_with_label(item)}のことですか？（{allowed(facet)}）")
    return None


def allowed(facet) -> str:
    return f"使える値: {', '.join(facet.keys())}"


def pair_keys(unknown: list[str], missing: list[str]) -> dict[str, str]:
    """unknown key -> the missing required key it was probably meant to be."""
    pairs, left = {}, list(missing)
    for key in unknown:
        plain = unicodedata.normalize("NFKC", key).strip().lower()
        match = plain if plain in left else None
        if match is None and len(key) <= 100:
            close = difflib.get_close_matches(key, left, n=1, cutoff=0.6)
            match = close[0] if close else None
        if match:
            pairs[key] = match
            left.remove(match)
    if len(unknown) == 1 and len(missing) == 1 and not pairs:   # one key renamed: body for detail
        pairs[unknown[0]] = missing[0]
    return pairs
