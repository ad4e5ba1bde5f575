"""`casebook linkcheck`: every internal link and #anchor in a built site must resolve.

The site uses directory URLs, so `cases/c01/index.html` is the page `/cases/c01/` and a
relative `../c02/#steps` on it means the file `cases/c02/index.html` with an element whose
id (or <a name>) is `steps`. External links (http, https, mailto, tel, ...) are not fetched:
CI has no network, and their health is not something a build can promise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs that point at another document or a file the page needs.
LINK_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"),
              ("video", "poster"), ("embed", "src"), ("object", "data"), ("form", "action")}
# <link rel> values that name a document, not a file the page loads; they are still checked,
# except those that by definition point outside the site.
SKIP_LINK_RELS = {"dns-prefetch", "preconnect"}


@dataclass(frozen=True)
class BrokenLink:
    page: str      # site-relative path of the HTML file
    line: int
    url: str       # the href/src exactly as written
    problem: str

    def format(self, site_label: str = "") -> str:
        prefix = f"{site_label.rstrip('/')}/" if site_label else ""
        return f"{prefix}{self.page}:{self.line}: {self.problem}: {self.url}"


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    broken: list[BrokenLink] = field(default_factory=list)


class _Page(HTMLParser):
    """Collects the anchors a page defines and the links it makes, with line numbers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if attributes.get("id"):
            self.anchors.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.anchors.add(attributes["name"])
        if tag == "link" and set(attributes.get("rel", "").split()) & SKIP_LINK_RELS:
            return
        for name, value in attributes.items():
            if (tag, name) in LINK_ATTRS:
                self.links.append((self.getpos()[0], value.strip()))

    handle_startendtag = handle_starttag


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def _page_url(rel: str) -> str:
    """The URL path a file is served at: `a/index.html` -> `/a/`, `404.html` -> `/404.html`."""
    path = PurePosixPath(rel)
    return f"/{path.parent.as_posix()}/".replace("//", "/") if path.name == "index.html" else f"/{rel}"


def _target_file(site: Path, url_path: str) -> Path | None:
    """The file a URL path is served from, or None when there is none (or it leaves the site)."""
    parts = [p for p in unquote(url_path).split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    candidate = site.joinpath(*parts) if parts else site
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site_dir: Path) -> LinkReport:
    """Check every HTML file under site_dir; returns the counts and every broken link."""
    site = site_dir.resolve()
    pages: dict[str, _Page] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[path.relative_to(site).as_posix()] = parser
    report = LinkReport(pages=len(pages))
    for rel, parser in pages.items():
        base = _page_url(rel)
        for line, url in parser.links:
            if not url or _is_external(url):
                continue
            report.links += 1
            target = urlsplit(urljoin(base, url))
            fragment = unquote(target.fragment)
            target_file = _target_file(site, target.path)
            if target_file is None:
                report.broken.append(BrokenLink(rel, line, url, "リンク先のファイルがありません"))
                continue
            if not fragment or target_file.suffix != ".html":
                continue
            target_rel = target_file.relative_to(site).as_posix()
            if fragment not in pages[target_rel].anchors:
                report.broken.append(BrokenLink(rel, line, url, f"{target_rel} にアンカー #{fragment} がありません"))
    return report
