"""Compact search index for the casebook's own search worker (docs/javascripts/search-worker.js).

Material's search plugin writes search/search_index.json with one entry per section, the text
as HTML and every non-ASCII character escaped (6 bytes per kana). After it, this step rewrites
the same file (so the offline plugin's search_index.js copy and the stock loader keep working):

- each entry becomes [location, title, text] with plain text (tags stripped, entities decoded),
  the page's tags as a fourth item on the page entry only;
- print handouts (cases/workshop/) are left out: they repeat whole cases;
- the "地域が似ている事例" / "関連する事例" sections of case pages are dropped: they only repeat
  other cases' titles and would make every case match its neighbours' words; so are the case
  list items of other pages (CASE_ITEM);
- case pages are not parsed by Material's search plugin (its html.parser walk cost about a
  fifth of a 1,000-case build): the hook splits their HTML at the headings with one regular
  expression (case_entries) and this step puts those entries first (in `casebook build` a second
  process indexes them while the pages render: search_alongside.py);
- the entries go to site/search/cb/ in pieces fetched on demand (search_shards.py);
  search_index.json keeps the config only, so a page load fetches no search data;
- config.synonyms carries the glossary's groups (term + synonyms) for query expansion.

Japanese matching (normalisation, substring search, synonyms) happens in the worker; see
docs/javascripts/search-worker.js.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..core.project import Project
from ..sources.glossary import load_glossary
from . import search_shards

FORMAT = "casebook-1"
DROP_SECTIONS = ("地域が似ている事例", "関連する事例")
# Print handouts bundle whole cases per block/theme: in search they would outrank the case itself.
EXCLUDE_PAGES = ("cases/workshop/",)
CASE_LOCATION = re.compile(r"cases/c[0-9]{2,4}/")
TAG = re.compile(r"<[^>]+>")
# A heading as Python-Markdown's toc writes it: <h2 id="...">text<a class="headerlink" ...>¶</a></h2>
HEADING = re.compile(r'<h[1-6]\b[^>]*?\bid="([^"]*)"[^>]*>(.*?)</h[1-6]>', re.S)
HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)
# Material's parser keeps these tags (so plain() turns them into spaces) and drops all others
# without a space: <strong>業務として</strong>続け stays one word.
INLINE_TAG = re.compile(r"</?(?!(?:p|code|pre|li|ol|ul|sub|sup)\b)[a-zA-Z][^>]*>")
SPACE = re.compile(r"\s+")
# A list item linking a case ("c01 題名（サンプル） — 要約", case_items in render_pages): guides,
# the list and facet pages repeat other pages' titles and summaries with them. In the index they
# would make those pages match every case's words and grow with the number of cases.
CASE_ITEM = re.compile(r"<li>\s*c[0-9]{2,4} [^<]*</li>")


def plain(text: str) -> str:
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", text or ""))).strip()


def case_entries(content: str, url: str, tags: list[str] | None) -> list[list]:
    """Compact entries of one case page: the page (h1 and text up to the first h2), then one per
    heading, the way Material's parser divides a page. The onward lists are left out."""
    entries = []
    headings = list(HEADING.finditer(content))
    for n, match in enumerate(headings):
        end = headings[n + 1].start() if n + 1 < len(headings) else len(content)
        title = plain(INLINE_TAG.sub("", HEADERLINK.sub("", match.group(2))))
        if n and title in DROP_SECTIONS:
            continue
        item = [url if n == 0 else f"{url}#{match.group(1)}", title, plain(INLINE_TAG.sub("", content[match.end():end]))]
        if n == 0 and tags:
            item.append([str(tag) for tag in tags])
        entries.append(item)
    return entries


# Everyday words for the kinds of area in cases/taxonomy.yml (area_type), by taxonomy key.
# Case pages describe a region with the taxonomy's label ("郡部・中山間地"); people search
# with words like 過疎. Each group also takes the label, its parts and the description's words.
AREA_WORDS = {
    "metropolitan": ["都市部", "政令市", "政令指定都市", "大都市", "都会"],
    "regional-city": ["中核市", "地方の中心都市"],
    "rural": ["過疎", "過疎地", "過疎地域", "中山間", "中山間地域", "山間部", "町村部", "郡部", "へき地", "田舎"],
}
WORD_PARTS = re.compile(r"[・、や]|とその|が中心|周辺")


def region_groups(project: Project) -> list[list[str]]:
    """Synonym groups for the kinds of area: label, label parts, description words, AREA_WORDS."""
    from ..sources.taxonomy import load_taxonomy
    groups = []
    for value in load_taxonomy(project)["area_type"].values:
        words = [value.label, *WORD_PARTS.split(value.label), *WORD_PARTS.split(value.description)]
        words += AREA_WORDS.get(value.key, [])
        groups.append(list(dict.fromkeys(w.strip() for w in words if len(w.strip()) > 1)))
    return groups


def synonym_groups(project: Project) -> list[list[str]]:
    return [[t.term, *t.synonyms] for t in load_glossary(project) if t.synonyms] + region_groups(project)


def case_order(entries: dict[str, list], order: list[str]) -> list[str]:
    """The case pages in the order their entries are numbered: as built (`order`), then any
    others (pages kept from an earlier build of `mkdocs serve --dirty`) by URL. A build renders
    pages in the order on_page_context records them, so the entries streamed to the search
    worker as pages render (search_alongside.py) come in this order too."""
    rank = {url: n for n, url in enumerate(order)}
    return sorted(entries, key=lambda url: (rank.get(url, len(rank)), url))


def compact(data: dict, synonyms: list[list[str]], extra: list[list] = (), order: list[str] = ()) -> dict:
    """`extra` entries (the case pages', already in case_order) come first, then Material's, in
    page `order` (page URLs in build order). Case pages first, so that their entries can be
    numbered, and indexed in a second process, before Material's index exists."""
    docs = []
    for entry in data.get("docs", []):
        location, title = entry.get("location", ""), plain(entry.get("title", ""))
        page, _, anchor = location.partition("#")
        if page.startswith(EXCLUDE_PAGES):
            continue
        if anchor and CASE_LOCATION.fullmatch(page) and title in DROP_SECTIONS:
            continue
        item = [location, title, plain(CASE_ITEM.sub(" ", entry.get("text", "")))]
        if not anchor and entry.get("tags"):
            item.append(list(entry["tags"]))
        docs.append(item)
    if order:
        rank = {url: n for n, url in enumerate(order)}
        docs.sort(key=lambda item: rank.get(item[0].partition("#")[0], len(rank)))
    config = {**data.get("config", {}), "format": FORMAT, "synonyms": synonyms}
    return {"config": config, "docs": [*extra, *docs]}


def rewrite_index(site_dir: Path, project: Project, extra: list[list] = (), order: list[str] = (),
                  write=search_shards.write) -> int | None:
    """Write the on-demand search data (search_shards) from Material's index with `extra`
    (case_entries in case_order) first, the rest in page `order`; search_index.json keeps only
    the config (Material's result highlighting on the page a result opens reads it). Returns
    the bytes written. `write` is search_shards.write or, when the case pages' entries have
    gone to the search worker already, SearchAlongside.write; if it raises, nothing is changed."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("config", {}).get("format") == FORMAT:
        return path.stat().st_size
    index = compact(data, synonym_groups(project), extra, order)
    write(path.parent, index["docs"], index["config"])
    text = json.dumps({"config": index["config"], "docs": []}, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return sum(p.stat().st_size for p in (path.parent / search_shards.DIR).rglob("*.js"))
