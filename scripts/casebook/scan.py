"""Safety scan of a built site: no inline handlers, no script URLs, no foreign scripts or hosts."""
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
            ("image", "href"), ("use", "href"), ("form", "action")}
NAVIGATION_LINKS = {"canonical", "alternate", "edit", "author", "license", "prev", "next", "search"}


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

    def _add(self, problem: str):
        self.findings.append(Finding(self.rel, self.getpos()[0], problem))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"インラインのイベントハンドラ {name}= が <{tag}> にあります")
            if name in URL_ATTRS or name == "style":
                cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if "javascript:" in cleaned or "vbscript:" in cleaned:
                    self._add(f"javascript: の URL が <{tag} {name}> にあります")
            if (tag, name) in FETCHING and re.match(r"^\s*(https?:)?//", value):
                rel = attributes.get("rel") or ""
                if not (tag == "link" and set(rel.split()) <= NAVIGATION_LINKS and rel):
                    self._add(f"他のホストへの読み込み <{tag} {name}=\"{value}\"> があります")
        if tag == "script":
            src = attributes.get("src")
            if src and not LOCAL_SCRIPT.match(src) and not re.match(r"^\s*(https?:)?//", src):
                self._add(f"テーマ以外のスクリプト <script src=\"{src}\"> があります")
            self._script = None if src else {"type": attributes.get("type", ""), "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            script, self._script = self._script, None
            if script["type"] == "application/json":
                return
            text = script["text"].strip()
            if text and not text.startswith(THEME_INLINE):
                self._add(f"テーマ以外のインラインスクリプトがあります: {text[:60]!r}")


def scan_files(site_dir: Path, rels: list[str]) -> list[Finding]:
    findings = []
    for rel in rels:
        scanner = _Scanner(rel)
        scanner.feed((site_dir / rel).read_text(encoding="utf-8"))
        scanner.close()
        findings += scanner.findings
    return findings


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
