"""Atom feed of new and updated cases (/feed.xml), dated by each case's `updated` field.

Dates come from the case data, not from git, so the feed says what editors declared and
builds the same bytes every time. Entry ids are `urn:casebook:case:cNN`: they stay the same
whichever host (or offline copy) serves the feed. Links are absolute when the public site
URL is known, else relative to the feed (Atom resolves them against the feed's address).
"""
from __future__ import annotations

from ..model import Case, Casebook
from .markup import text
from .markup import xml_attr as quoteattr
from .markup import xml_text as escape
from .qr import case_path, case_url

FEED_ID = "urn:casebook:feed"
EPOCH = "2000-01-01"


def rfc3339(day: str) -> str:
    """A YYYY-MM-DD date as the start of that day in Japan."""
    return f"{day}T00:00:00+09:00"


def _entry(book: Casebook, case: Case, base: str | None) -> list[str]:
    tax = book.taxonomy
    href = case_url(base, case.id) or case_path(case.id).lstrip("/")
    prefix = "［取り下げ］" if case.status == "withdrawn" else ("［架空のサンプル］" if case.is_sample else "")
    return [
        "  <entry>",
        f"    <id>urn:casebook:case:{case.id}</id>",
        f"    <title>{escape(prefix + case.id + ' ' + case.title)}</title>",
        f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(href)}/>",
        f"    <updated>{rfc3339(str(case.updated))}</updated>",
        f"    <summary>{escape(case.summary)}</summary>",
        f"    <category term={quoteattr(case.theme)} label={quoteattr(tax['theme'].label_of(case.theme))}/>",
        f"    <category term={quoteattr(case.block)} label={quoteattr(tax['block'].label_of(case.block))}/>",
        "  </entry>",
    ]


def render_feed(book: Casebook, base: str | None, limit: int = 50) -> str:
    dated = sorted((c for c in book.public() if c.updated), key=lambda c: (str(c.updated), c.number), reverse=True)[:limit]
    newest = str(dated[0].updated) if dated else EPOCH
    home = base or "./"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
        f"  <id>{FEED_ID}</id>",
        "  <title>基幹型 実践事例集: 事例の追加・更新</title>",
        "  <subtitle>事例ファイルの更新日（updated）をもとに、新しく追加・更新した事例を新しい順に並べています。</subtitle>",
        f"  <updated>{rfc3339(newest)}</updated>",
        "  <author><name>基幹型 実践事例集 編集担当</name></author>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(home)}/>",
    ]
    if base:
        out.append(f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + 'feed.xml')}/>")
    for case in dated:
        out += _entry(book, case, base)
    out.append("</feed>")
    return "\n".join(out) + "\n"


def head_link(output: str, page_url: str) -> str:
    """hook.on_post_page: announce the feed in <head> (a template would belong to overrides/main.html)."""
    from mkdocs.utils import get_relative_url
    href = get_relative_url("feed.xml", page_url or ".")
    link = (f'<link rel="alternate" type="application/atom+xml" '
            f'title="基幹型 実践事例集: 事例の追加・更新" href="{text(href)}">')
    return output.replace("</head>", link + "</head>", 1)
