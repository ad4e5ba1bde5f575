"""Keyboard mistakes found in the raw text, at the mistake's own line and column.

A Japanese input method types a full-width space (U+3000) as indentation, `：` after a key,
`ー` or `・` as a list dash, and leaves a `"` open. YAML then reports something else, lines
later (an unclosed quote at the end of the file), or nothing at all (`ー item` is a string).
This scan follows enough YAML structure to tell where a key, a list item or text is expected:
block scalar (`|`, `>`) content, multi-line quoted and flow values, and the continuation lines
of a plain value are text, where any character is allowed, so they are not looked at.

A finding is `certain` when no valid file has it at that place; an unclosed quote is only a
finding when YAML fails too, since a quoted value may go on over several lines.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..core.diagnostics import Diagnostic

FW_SPACE = "\u3000"
FW_NAME = "全角スペース（U+3000）"
# Dash-like characters typed for the list mark "-" (the names are what an editor calls them).
DASHES = {
    "ー": "長音記号", "－": "全角のハイフン", "―": "全角のダッシュ", "‐": "ハイフン", "・": "中黒",
    "−": "マイナス記号", "–": "ダッシュ", "—": "ダッシュ", "ｰ": "半角の長音記号",
}
LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)([ \u3000]*)([:：])")


def char_name(char: str) -> str:
    """「：」（U+FF1A） — the character as shown and its code, so that it can be found."""
    return f"「{char}」（U+{ord(char):04X}）"


def full_width_note(value: str) -> tuple[int, str] | None:
    """(offset, note) for the first full-width character that NFKC turns into ASCII."""
    for offset, char in enumerate(value):
        plain = unicodedata.normalize("NFKC", char)
        if plain != char and plain.isascii():
            kind = ("数字" if plain.isdigit() else "英字" if plain.isalpha()
                    else "スペース" if plain == " " else "記号")
            return offset, f"「{char}」は全角の{kind}です"
    return None


@dataclass
class Finding:
    diagnostic: Diagnostic
    certain: bool = True


@dataclass
class _Last:
    kind: str = "none"     # key-empty, key-plain, item, item-plain, other
    indent: int = -1       # column of the key or of the list mark


def _closing(text: str, start: int, quote: str) -> int:
    """Index just after the quote that closes the one at `start`, or -1 if the line has none."""
    i = start + 1
    while i < len(text):
        char = text[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return -1


def _flow_depth(text: str, depth: int = 0) -> int:
    quote = None
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "#" and depth == 0:
            break
    return max(depth, 0)


class _Scanner:
    def __init__(self, rel: str):
        self.rel = rel
        self.findings: list[Finding] = []
        self.block: int | None = None        # parent indent of a block scalar being read
        self.quote: str | None = None        # the quote of a multi-line quoted value
        self.flow = 0                        # depth of an open [ ] / { } value
        self.last = _Last()
        self.item = -1                       # column of the list marks of the list being read

    def add(self, line: int, col: int, message: str, hint: str, certain: bool = True) -> None:
        self.findings.append(Finding(Diagnostic(self.rel, line, col + 1, "CB001", message, hint), certain))

    def scan(self, text: str) -> list[Finding]:
        for number, line in enumerate(LINE_BREAK.split(text), 1):
            self.line(number, line)
        return self.findings

    def line(self, number: int, line: str) -> None:
        if self.block is not None:
            if not line.strip(" "):
                return
            if len(line) - len(line.lstrip(" ")) > self.block:
                return
            self.block = None
        if self.quote:
            if _closing(" " + line, 0, self.quote) >= 0:
                self.quote = None
            return
        if self.flow:
            self.flow = _flow_depth(line, self.flow)
            return
        lead = re.match(r"[ \u3000]*", line).group()
        rest = line[len(lead):]
        if not rest or rest.startswith("#"):
            return
        indent = len(lead)
        ascii_indent = len(lead) - len(lead.lstrip(" "))
        continuation = self.last.kind in ("key-plain", "item-plain") and ascii_indent > self.last.indent
        if FW_SPACE in lead:
            col = lead.index(FW_SPACE)
            if not continuation or self._structural(rest):
                self.add(number, col, f"字下げに{FW_NAME}が使われています",
                         "行頭の全角スペースを消して、半角スペースで字下げしてください（1段は半角スペース2つ）")
                self.structure(number, line, indent, rest)
                return
        if continuation:
            return
        if indent < self.item:
            self.item = -1
        self.structure(number, line, indent, rest)

    @staticmethod
    def _structural(rest: str) -> bool:
        return bool(KEY.match(rest)) or rest[0] == "-" or rest[0] in DASHES

    def structure(self, number: int, line: str, indent: int, rest: str) -> None:
        """A line where a key, a list item or a value starts."""
        first = rest[0]
        if first in DASHES and (
                (self.last.kind == "key-empty" and indent >= self.last.indent)
                or indent == self.item):
            self.add(number, indent, f"一覧の印に{DASHES[first]}{char_name(first)}が使われています",
                     f"行頭の「{first}」を半角の「- 」（ハイフンと半角スペース）にしてください")
            self.last, self.item = _Last("item", indent), indent
            return
        if first == "-" and rest[1:2] in (" ", FW_SPACE, ""):
            if rest[1:2] == FW_SPACE:
                self.add(number, indent + 1, f"「-」の後ろが{FW_NAME}です",
                         "「-」の後ろは半角スペースにしてください")
                self.last = _Last("item", indent)
                return
            self.item = indent
            after = rest[1:]
            value_col = indent + 1 + len(after) - len(after.lstrip(" "))
            if after.strip() and self.key(number, line, value_col, after.lstrip(" ")):
                return
            self.value(number, line, value_col, indent, item=True)
            return
        if self.key(number, line, indent, rest):
            return
        self.value(number, line, indent, indent, item=False)

    def key(self, number: int, line: str, col: int, rest: str) -> bool:
        """Checks a `key: value` line; False if the text is not a key."""
        match = KEY.match(rest)
        if not match:
            return False
        name, space, colon = match.groups()
        if colon == "：":
            self.add(number, col + match.start(3), f"全角のコロン{char_name(colon)}が使われています",
                     f"「{name}：」を半角の「{name}: 」（コロンと半角スペース）にしてください")
            self.last = _Last("other", col)
            return True
        if FW_SPACE in space:
            self.add(number, col + match.start(2) + space.index(FW_SPACE),
                     f"キーと「:」の間に{FW_NAME}があります",
                     f"「{name}:」のように、キーのすぐ後ろに半角の「:」を書いてください")
            self.last = _Last("other", col)
            return True
        after = rest[match.end():]
        if after[:1] == FW_SPACE:
            self.add(number, col + match.end(), f"「:」の後ろが{FW_NAME}です",
                     "「:」の後ろは半角スペースにしてください")
            self.last = _Last("other", col)
            return True
        if after[:1] not in ("", " "):
            return False
        value_col = col + match.end() + len(after) - len(after.lstrip(" "))
        self.value(number, line, value_col, col, item=False, keyed=True)
        return True

    def value(self, number: int, line: str, col: int, owner: int, item: bool, keyed: bool = False) -> None:
        """The value that starts at `col`; `owner` is the column of its key or list mark."""
        text = line[col:]
        kind = "item" if item else "other"
        if not text or text.startswith("#"):
            kind = "item" if item else "key-empty" if keyed else "other"
        elif text[0] in "|>":
            self.block = owner
        elif text[0] in "\"'":
            if _closing(line, col, text[0]) < 0:
                self.add(number, col, f"引用符「{text[0]}」が閉じられていません",
                         f"値の終わりに「{text[0]}」を付けてください" + (
                             "（値の中で「\"」を使うときは \\\" と書きます）" if text[0] == '"'
                             else "（値の中で「'」を使うときは '' と書きます）"), certain=False)
                self.quote = text[0]
        elif text[0] in "[{":
            self.flow = _flow_depth(text)
        else:
            kind = "item-plain" if item else "key-plain" if keyed else "other"
        self.last = _Last(kind, owner)


def scan(text: str, rel: str) -> list[Finding]:
    return _Scanner(rel).scan(text)


# Every certain finding needs one of these in the raw text: U+3000 or a dash-like character first
# on a line, "-" or ":" before U+3000, U+3000 before a colon, or "：" after a key's last character.
_MAYBE_CERTAIN = re.compile(
    "(?:\\A|[\r\n\u2028\u2029])[ \u3000]*[\u3000" + re.escape("".join(DASHES)) + "]"
    "|[-:：]\u3000|\u3000[ \u3000]*[:：]|[A-Za-z0-9_-][ \u3000]*：")


def may_be_certain(text: str) -> bool:
    """False when scan(text) can have no certain finding (most files: the scan is then skipped)."""
    return bool(_MAYBE_CERTAIN.search(text))
