"""Payload injection into a repository copy, and checks that a built site carries none of it.

Used by tests/test_injection.py. A batch puts a payload into every text-bearing spot of the
case files, the glossary and the taxonomy (spot i of a field gets payload (i + offset) mod N),
so a few batches put every payload into every field.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from repo_support import ROOT

PAYLOAD_FILE = ROOT / "tests" / "fixtures" / "payloads.yaml"
# Minimum lengths of the schema, met by text appended after the payload (so it still starts it).
MIN_LENGTH = {"title": 4, "summary": 20}
PADDING = "（この文は注入テスト用に補った文章です。）"


def payloads() -> list[tuple[str, str]]:
    out = []
    for item in yaml.safe_load(PAYLOAD_FILE.read_text(encoding="utf-8")):
        out.append((item["name"], "あ" * item.get("pad", 0) + item["text"]))
    return out


@dataclass
class Spot:
    """One injected value: file (repo-relative), path inside the YAML data, field name, payload."""
    rel: str
    path: tuple
    field: str
    payload: int
    original: object = None


CASE_FIELDS = ("title", "summary", "context", "outcomes", "points", "challenges",
               ("steps", 0, "title"), ("steps", 0, "detail"), ("discussion_questions", 0), ("source", "report"))
GLOSSARY_FIELDS = ("term", "reading", "description", ("synonyms", 0), ("abbr", 0))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _fit(field: str, text: str) -> str:
    need = MIN_LENGTH.get(field, 1)
    return text + PADDING if len(text) < need else text


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


class Injection:
    """Every spot of one batch in a repository copy; `revert` restores refused spots."""

    def __init__(self, root: Path, texts: list[str], batch: int):
        self.root, self.texts, self.spots = root, texts, []
        self.data: dict[str, object] = {}
        n = len(texts)
        cases = sorted((root / "cases").glob("c[0-9]*.yaml"))
        for i, path in enumerate(cases):
            rel = f"cases/{path.name}"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["discussion_questions"] = data.get("discussion_questions") or ["問い"]
            data["source"] = data.get("source") or {"report": "出典"}
            self.data[rel] = data
            for f, field in enumerate(CASE_FIELDS):
                self._add(rel, field if isinstance(field, tuple) else (field,), (i + batch * len(cases) + f) % n)
        rel = "cases/glossary.yml"
        glossary = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
        self.data[rel] = glossary
        for i, term in enumerate(glossary["terms"]):
            term["synonyms"] = term.get("synonyms") or ["別名"]   # a field absent or empty still gets a payload
            term["abbr"] = term.get("abbr") or [f"AB{i}"]
            for f, field in enumerate(GLOSSARY_FIELDS):
                self._add(rel, ("terms", i) + (field if isinstance(field, tuple) else (field,)),
                          (i + batch * len(glossary["terms"]) + f) % n)
        rel = "cases/taxonomy.yml"
        taxonomy = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
        self.data[rel] = taxonomy
        k, count = 0, sum(len(spec["values"]) for spec in taxonomy.values())
        for j, (name, spec) in enumerate(taxonomy.items()):
            spec.setdefault("note", "注記")
            for field in ("label", "description", "note"):
                self._add(rel, (name, field), (j + batch * len(taxonomy) + len(field)) % n)
            for i, _ in enumerate(spec["values"]):
                for field in ("label", "description"):
                    self._add(rel, (name, "values", i, field), (k + batch * count + len(field)) % n)
                k += 1
        for spot in self.spots:
            spot.original = _get(self.data[spot.rel], spot.path)
            _set(self.data[spot.rel], spot.path, _fit(spot.field, texts[spot.payload]))
        self.write()

    def _add(self, rel, path, payload):
        field = path[-1] if isinstance(path[-1], str) else path[-2]
        self.spots.append(Spot(rel, path, field, payload))

    def write(self):
        for rel, data in self.data.items():
            (self.root / rel).write_text(_dump(data), encoding="utf-8")

    def revert(self, refused: list[Spot]):
        for spot in refused:
            _set(self.data[spot.rel], spot.path, spot.original)
            self.spots.remove(spot)
        self.write()

    def spots_at(self, rel: str, line: int) -> list[Spot]:
        """The spot a diagnostic at rel:line points into: the last spot starting at or before it."""
        from casebook.sources.load import load_file
        loaded, _ = load_file(self.root / rel, rel)
        here = [(loaded.pos(s.path)[0], s) for s in self.spots if s.rel == rel]
        before = [(ln, s) for ln, s in here if ln <= line]
        if not before:
            return [s for _, s in here]
        top = max(ln for ln, _ in before)
        return [s for ln, s in before if ln == top]


# --- checks of a built site ----------------------------------------------------------------------

SCRIPT_SCHEMES = re.compile(r"^(javascript|vbscript|data):", re.I)
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "srcset", "background", "xlink:href"}
SANITIZED = {("a", frozenset({"href"})), ("a", frozenset({"href", "rel"})), ("a", frozenset({"href", "title", "rel"})),
             ("a", frozenset({"rel"})), ("a", frozenset()), ("abbr", frozenset({"title"})), ("abbr", frozenset())}
SANITIZED |= {(tag, frozenset()) for tag in ("p", "ul", "ol", "li", "strong", "em", "code", "br", "blockquote")}


class Elements(HTMLParser):
    """Every element of a page as (tag, attribute names), with its attribute values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(page: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser.elements


def signatures(site: Path) -> set:
    return {(tag, frozenset(attrs)) for page in site.rglob("*.html")
            for tag, attrs in elements(page.read_text(encoding="utf-8"))}


def site_problems(site: Path, allowed: set, texts: list[str]) -> list[str]:
    """What a payload left in the built site: new elements or attributes, script URLs, raw
    markup, XML that does not parse, JSON that does not parse, CSV cells that start a formula."""
    problems = []
    raw = [t for t in texts if re.search(r"<[a-z!/]", t, re.I) and len(t) < 1000]
    for page in sorted(site.rglob("*.html")):
        rel, source = page.relative_to(site).as_posix(), page.read_text(encoding="utf-8")
        for tag, attrs in elements(source):
            if (tag, frozenset(attrs)) not in allowed:
                problems.append(f"{rel}: <{tag} {' '.join(sorted(attrs))}> は元のサイトにない要素です")
            for name, value in attrs.items():
                cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(value))
                if name in URL_ATTRS and SCRIPT_SCHEMES.match(cleaned):
                    problems.append(f"{rel}: <{tag} {name}={value!r}>")
                if name in URL_ATTRS - {"href"} and "evil.example" in value:
                    problems.append(f"{rel}: <{tag} {name}={value!r}>")
        for text in raw:
            if text in source:
                problems.append(f"{rel}: ペイロードがそのまま入っています: {text[:50]!r}")
    for xml in [site / "feed.xml", site / "sitemap.xml"]:
        try:
            root = ET.fromstring(xml.read_bytes())
        except ET.ParseError as exc:
            problems.append(f"{xml.name}: XML として読めません: {exc}")
            continue
        names = {el.tag.split("}")[-1] for el in root.iter()}
        extra = names - {"feed", "id", "title", "subtitle", "updated", "author", "name", "link", "entry", "summary",
                         "category", "urlset", "url", "loc", "lastmod"}
        if extra:
            problems.append(f"{xml.name}: 余分な要素 {sorted(extra)}")
    for path in sorted(site.rglob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(f"{path.relative_to(site)}: JSON として読めません: {exc}")
    rows = list(csv.reader(io.StringIO((site / "data" / "cases.csv").read_text(encoding="utf-8-sig"), newline="")))
    for row in rows[1:]:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                problems.append(f"data/cases.csv: 数式として読まれるセル {cell[:30]!r}")
    return problems
