"""Rules on the Markdown subset and HTML safety (CB040-CB044).

CB042-CB044 are one pattern each, reported at its first match in a Markdown field: a table.
"""
from __future__ import annotations

import html
import re

from ..sources.load import Loaded
from .positions import diagnostic_at, doc_strings, markdown_paths
from .registry import rule

RAW_HTML = re.compile(r"<(?!https?://[^<>\s]+>)[A-Za-z/!?]")
# The label of a reference definition stops at any bracket (as in Python-Markdown), so that many
# lines starting with "[" are each scanned once, not to the end of the text.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)>\s]*)|^\s{0,3}\[[^\[\]]+\]:\s*<?(\S+?)>?\s*$|<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>", re.M)
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
ALLOWED_SCHEMES = {"http", "https", "mailto"}


@rule("CB040", "HTML タグ")
def check_no_raw_html(ctx, doc: Loaded):
    for path, text in doc_strings(doc):
        match = RAW_HTML.search(text)
        if match:
            yield diagnostic_at(doc, path, match.start(), "CB040", "HTML タグは使えません",
                        "タグを削除し、強調は **太字**、箇条書きは「- 」で書いてください")


@rule("CB041", "許可されていないリンク先（javascript: など）")
def check_link_schemes(ctx, doc: Loaded):
    for path, text in markdown_paths(ctx, doc.data):
        for match in LINK_TARGET.finditer(text):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            target = html.unescape(match.group(group))
            target = re.sub(r"[\x00-\x20\x7f]", "", target)
            scheme = SCHEME.match(target)
            if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
                yield diagnostic_at(doc, path, match.start(group), "CB041", f"リンク先に {scheme.group(1)}: は使えません",
                            "リンクは https://、http://、mailto: かサイト内の相対パスだけにしてください")


ATTR_LIST = re.compile(r"\{:|\{\s*[#.][\w-]|\{[^{}\n]*\b[\w-]+\s*=")
HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)", re.M)
IMAGE = re.compile(r"!\[")

# (code, title, pattern, message, hint)
MARKDOWN_PATTERNS = (
    ("CB042", "属性指定（{: ...} など）", ATTR_LIST, "属性指定 { ... } は使えません",
     "波かっこの部分を削除してください（見た目はサイト側で整えます）"),
    ("CB043", "本文中の見出し（#）", HEADING, "本文の中に見出し（#）は書けません",
     "見出しはページが自動で付けます。行頭の # を削除するか、**太字** にしてください"),
    ("CB044", "画像", IMAGE, "画像は使えません",
     "画像の代わりに文章で説明してください（外部への読み込みを避けるため）"),
)


def _first_match_check(code: str, pattern: re.Pattern, message: str, hint: str):
    def check(ctx, doc: Loaded):
        for path, text in markdown_paths(ctx, doc.data):
            match = pattern.search(text)
            if match:
                yield diagnostic_at(doc, path, match.start(), code, message, hint)
    return check


for _code, _title, _pattern, _message, _hint in MARKDOWN_PATTERNS:
    rule(_code, _title)(_first_match_check(_code, _pattern, _message, _hint))
