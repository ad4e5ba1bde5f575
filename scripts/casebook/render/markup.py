"""The one escaping and sanitizing path from data to output (HTML, Markdown, XML, CSV).

Every string read from the repository's data files (cases, glossary, taxonomy) passes one of
these functions on its way to a page, the feed or a download; no renderer escapes by itself.

- Plain-text fields (titles, summaries, labels, descriptions, glossary entries, questions) are
  escaped: `inline_md` for Markdown page text, `text` for HTML we write ourselves, `meta_text`
  for front matter the theme writes unescaped (Material puts page.meta.description into an
  attribute, and MkDocs' Jinja does not autoescape), `abbr_definition` for the glossary's
  abbreviation lines. Line breaks in them become spaces, so no value can start a Markdown block.
- Fields that allow Markdown are rendered with a plain Python-Markdown (no raw-HTML-friendly
  extensions) and then sanitized by nh3 with a small allow-list, so whatever slipped past
  validation cannot carry markup, handlers or script URLs onto a page.
- `xml_text` / `xml_attr` for the Atom feed (characters XML 1.0 forbids are dropped), and
  `csv_cell` against formula injection in spreadsheets.
"""
from __future__ import annotations

import functools
import html
import re

import markdown
import nh3

from ..core.text import one_line

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "code", "br", "blockquote", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


# Characters XML 1.0 does not allow (the loader refuses most of them; this keeps feed.xml well-formed).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP).
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text(value: str) -> str:
    """Escape for HTML element content or attribute values."""
    return html.escape(value, quote=True)


def meta_text(value: str) -> str:
    """Front matter text for the theme (title, description): one line, HTML-escaped."""
    return html.escape(one_line(value).strip(), quote=True)


@functools.lru_cache(maxsize=16384)
def inline_md(value: str) -> str:
    """Escape plain text for a Markdown context (headings, table cells, link text). Cached: the
    same labels are written on every card, list row and link."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line(value), quote=False))


def abbr_definition(short: str, meaning: str) -> str:
    """A Markdown abbreviation line. Python-Markdown escapes the title when it writes the
    attribute, so the meaning is kept as one line of plain text (no block can start in it);
    the short form is restricted by glossary.py (no brackets, spaces or markup)."""
    return f"*[{short}]: {one_line(meaning).strip()}"


def xml_text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=False)


def xml_attr(value: str) -> str:
    """A quoted XML attribute value."""
    return '"' + html.escape(_NOT_XML.sub("", value), quote=True) + '"'


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading ' before a formula starter (OWASP)."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


_converters: dict[tuple, markdown.Markdown] = {}


def _converter(abbreviations: dict[str, str] | None) -> markdown.Markdown:
    """One Markdown instance per glossary: building one costs far more than a conversion."""
    key = tuple(sorted((abbreviations or {}).items()))
    if key not in _converters:
        extensions, configs = ["sane_lists"], {}
        if abbreviations:
            extensions.append("abbr")
            configs["abbr"] = {"glossary": dict(abbreviations)}
        _converters[key] = markdown.Markdown(extensions=extensions, extension_configs=configs,
                                             output_format="html")
    return _converters[key]


def md_to_html(source: str, abbreviations: dict[str, str] | None = None) -> str:
    """Render the Markdown subset; `abbreviations` (short form -> meaning) become <abbr>."""
    return _md_to_html(source, tuple(sorted((abbreviations or {}).items())))


# Text that Python-Markdown renders as paragraphs and tight "- " lists (a line without the mark
# continues the item above) with **strong** spans at most, and nh3 keeps as it is: printable
# characters only; no ASCII punctuation but "-" and the "**" pairs, and no "-" first on a line
# (no other Markdown or HTML syntax, no entity); no space at the start or end of a line
# (indented code, hard breaks); no glossary short form; no list right after a list (that is one
# loose list). tests/test_markup.py checks _plain_html against the full path on every prose
# block of the cases and synthetic cases, and on generated texts.
_ASCII_PUNCT = re.compile(r"[!-,./:-@\[-`{-~]")
_EDGE = re.compile(r"(?:^|\n)[ -]| (?:\n|\Z)")
_BLANK_LINES = re.compile(r"\n{2,}")


def _inline_html(text: str) -> str | None:
    """text with its **strong** spans as HTML, or None when it has other Markdown."""
    parts = text.split("**")
    plain = "".join(parts)
    if (len(parts) % 2 == 0 or not plain.replace("\n", "").isprintable()
            or _ASCII_PUNCT.search(plain) or _EDGE.search(plain)):
        return None
    if any(not strong or strong != strong.strip() for strong in parts[1::2]):
        return None
    return "".join(f"<strong>{part}</strong>" if i % 2 else part for i, part in enumerate(parts))


def _plain_html(source: str, abbreviations: tuple) -> str | None:
    """The sanitized HTML of text without other Markdown syntax, or None when the full path is needed."""
    text = source.strip("\n")
    if not text or any(short in text for short, _ in abbreviations):
        return None
    parts, after_list = [], False
    for group in _BLANK_LINES.split(text):
        if group.startswith("- "):
            items = []
            for line in group.split("\n"):
                if line.startswith("- "):
                    if len(line) == 2:
                        return None
                    items.append(line[2:])
                else:       # a line not marked "- " continues the item above (a lazy line)
                    items[-1] += "\n" + line
            items = [_inline_html(item) for item in items]
            if after_list or not all(items):
                return None
            parts.append("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>")
            after_list = True
            continue
        paragraph = _inline_html(group)
        if paragraph is None:
            return None
        parts.append(f"<p>{paragraph}</p>")
        after_list = False
    return "\n".join(parts)


@functools.lru_cache(maxsize=8192)
def _md_to_html(source: str, abbreviations: tuple) -> str:
    """Cached: a case's text appears on its page, its handout sets and its feed entry."""
    fast = _plain_html(source, abbreviations)
    if fast is not None:
        return fast
    return _full_html(source, abbreviations)


def _full_html(source: str, abbreviations: tuple) -> str:
    rendered = _converter(dict(abbreviations)).reset().convert(source)
    cleaned = nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
    return cleaned.replace("<p></p>", "").strip()


def prose_block(source: str, abbreviations: dict[str, str] | None = None,
                css_class: str = "cb-prose") -> str:
    """A sanitized HTML block that MkDocs' Markdown passes through unchanged.

    Blank lines are removed inside the block: Python-Markdown ends a raw HTML
    block at a blank line only when the tags are balanced, and a compact block
    keeps that question out of the way.
    """
    html_text = md_to_html(source, abbreviations)
    body = "\n".join(line for line in html_text.splitlines() if line.strip())
    return f'<div class="{css_class}" markdown="0">\n{body}\n</div>'
