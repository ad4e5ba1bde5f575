"""Safety scan of a built site: no inline handlers, no script URLs, no foreign scripts or hosts.

One html.parser pass per page (a real tokenizer: attributes are found whatever the quoting,
entities are decoded before URLs are judged). Refused, whatever wrote them:
- every on*= attribute, and javascript:/vbscript: URLs (in URL attributes and styles);
- `srcdoc`, <base>, <meta http-equiv> (any: refresh redirects, CSP and cookies have no
  place in a page of ours), <object>, <embed>, <iframe>, <frame>;
- forms (and formaction) that send to another host, CSS url()/@import of another host in
  style attributes and <style> elements, and any other load from another host;
- scripts other than the theme's and our own.
"""
from __future__ import annotations

import html
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# Inline scripts the Material theme itself writes into every page.
THEME_INLINE = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(location.hash.slice(1));")
# 404.html uses site-absolute paths, which carry the site_url path (e.g. /kikangata/assets/...).
LOCAL_SCRIPT = re.compile(r"^(/[\w.~-]+)*/?(\.\./|\./)*(assets/javascripts/[\w./-]+\.js|javascripts/[\w./-]+\.js)$")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
FETCHING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("link", "href"),
            ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
            ("image", "href"), ("use", "href")}
NAVIGATION_LINKS = {"canonical", "alternate", "edit", "author", "license", "prev", "next", "search"}
# Elements that embed another document or change how the page's URLs and headers work.
FORBIDDEN_TAGS = {"base", "object", "embed", "iframe", "frame", "frameset", "applet", "portal"}
FOREIGN = re.compile(r"^\s*([a-z][a-z0-9+.-]*:)?//", re.I)
# url(...) or @import "..." whose target starts with a scheme or // (another host).
CSS_FOREIGN = re.compile(r"""(url\(\s*['"]?|@import\s*['"]?)\s*((?!data:)[a-z][a-z0-9+.-]*:|//)""", re.I)
SCRIPT_URL = ("javascript:", "vbscript:")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Attributes that hold text for people (they may mention "javascript:" as words).
TEXT_ATTRS = {"title", "alt", "aria-label", "aria-description", "content", "placeholder", "value", "label"}


def _css(value: str) -> str:
    """CSS as a browser reads it: comments gone, escapes such as \\75rl( decoded."""
    def unescape(m):
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
        return m.group(2)
    return CSS_ESCAPE.sub(unescape, CSS_COMMENT.sub("", value))


def _script_url(value: str) -> bool:
    if ":" not in value and "&" not in value:    # the common case, without the regex
        return False
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    return any(scheme in cleaned for scheme in SCRIPT_URL)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    problem: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


class _Scanner(HTMLParser):
    def __init__(self, rel: str):
        super().__init__(convert_charrefs=True)
        self.rel, self.findings = rel, []
        self._script: dict | None = None
        self._style: list[str] | None = None

    def _add(self, problem: str):
        self.findings.append(Finding(self.rel, self.getpos()[0], problem))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self._add(f"<{tag}> は使えません")
        if tag == "meta" and "http-equiv" in attributes:
            self._add(f"<meta http-equiv=\"{attributes['http-equiv']}\"> は使えません")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"インラインのイベントハンドラ {name}= が <{tag}> にあります")
            if name == "srcdoc":
                self._add(f"srcdoc 属性が <{tag}> にあります")
            checked = _css(value) if name == "style" else value
            if name not in TEXT_ATTRS and not name.startswith("data-") and _script_url(checked):
                self._add(f"javascript: の URL が <{tag} {name}> にあります")
            elif name == "style" and CSS_FOREIGN.search(checked):
                self._add(f"style 属性で他のホストを読み込んでいます <{tag} style=\"{value[:60]}\">")
            if name == "formaction" and FOREIGN.match(value):
                self._add(f"他のホストへ送信するボタン <{tag} formaction=\"{value}\"> があります")
            if (tag, name) in FETCHING and re.match(r"^\s*(https?:)?//", value):
                rel = attributes.get("rel") or ""
                if not (tag == "link" and set(rel.split()) <= NAVIGATION_LINKS and rel):
                    self._add(f"他のホストへの読み込み <{tag} {name}=\"{value}\"> があります")
            elif tag == "form" and name == "action" and FOREIGN.match(value):
                self._add(f"他のホストへ送信するフォーム <form action=\"{value}\"> があります")
        if tag == "style":
            self._style = []
        if tag == "script":
            src = attributes.get("src")
            if src and not LOCAL_SCRIPT.match(src) and not re.match(r"^\s*(https?:)?//", src):
                self._add(f"テーマ以外のスクリプト <script src=\"{src}\"> があります")
            self._script = None if src else {"type": attributes.get("type", ""), "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._style is not None:
            css, self._style = "".join(self._style), None
            if CSS_FOREIGN.search(_css(css)) or _script_url(_css(css)):
                self._add("<style> で他のホストや javascript: を読み込んでいます")
        if tag == "script" and self._script is not None:
            script, self._script = self._script, None
            if script["type"] == "application/json":
                return
            text = script["text"].strip()
            if text and not text.startswith(THEME_INLINE):
                self._add(f"テーマ以外のインラインスクリプトがあります: {text[:60]!r}")


def scan_text(rel: str, text: str) -> list[Finding]:
    scanner = _Scanner(rel)
    scanner.feed(text)
    scanner.close()
    return scanner.findings


def scan_files(site_dir: Path, rels: list[str]) -> list[Finding]:
    return [finding for rel in rels for finding in scan_text(rel, (site_dir / rel).read_text(encoding="utf-8"))]


# Below this many pages one process is quicker than starting workers.
PARALLEL_FROM = 400


def scan_site(site_dir: Path, workers: int | None = None) -> list[Finding]:
    """Every finding in every HTML file of site_dir, in path order.

    html.parser costs about 3 ms a page, so a large site is scanned by one worker process
    per core (spawned, not forked: the caller may have threads).
    """
    rels = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html"))
    workers = workers or (min(os.cpu_count() or 1, 4) if len(rels) >= PARALLEL_FROM else 1)
    if workers < 2:
        return scan_files(site_dir, rels)
    chunks = [rels[n::workers] for n in range(workers)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = pool.map(scan_files, [site_dir] * workers, chunks)
        findings = [finding for part in parts for finding in part]
    return sorted(findings, key=lambda f: (f.path, f.line))
