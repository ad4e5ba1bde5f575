"""Turning case text into page text safely.

Plain-text fields are escaped. Fields that allow Markdown are rendered with a
plain Python-Markdown (no raw-HTML-friendly extensions) and then sanitized by
nh3 with a small allow-list, so whatever slipped past validation cannot carry
markup, handlers or script URLs onto a page.
"""
from __future__ import annotations

import functools
import html
import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "code", "br", "blockquote", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


def text(value: str) -> str:
    """Escape for HTML element content or attribute values."""
    return html.escape(value, quote=True)


def inline_md(value: str) -> str:
    """Escape plain text for a Markdown context (headings, table cells, link text)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False)).replace("\n", " ")


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


@functools.lru_cache(maxsize=8192)
def _md_to_html(source: str, abbreviations: tuple) -> str:
    """Cached: a case's text appears on its page, its handout sets and its feed entry."""
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
