"""The quality gates as plain functions, so the real site and the broken fixtures go through
exactly the same code: a gate that finds nothing on the site must find the fixture's fault.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURES = HERE / "fixtures"     # deliberately broken pages, one folder per gate

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
LOOPBACK = "127.0.0.1"
SEARCH_QUERY = "連携"


@dataclass(frozen=True)
class PageType:
    key: str
    label: str
    path: str
    search: bool = False        # open the search dialog with results before checking
    width: int | None = None    # viewport width in CSS px (None: the tab's own, 1280)


# Every kind of page the site has. The filtered list is checked at its URL as users share it.
PAGE_TYPES = [
    PageType("home", "ホーム", "/"),
    PageType("guide", "解説ページ", "/guide/kikangata/"),
    PageType("case", "事例ページ（サンプルの注記あり）", "/cases/c01/"),
    PageType("list", "事例一覧（絞り込みあり）", "/cases/?block=kinki&theme=supervision"),
    PageType("list-phone", "事例一覧（スマートフォン幅 375px、カード表示）", "/cases/?block=kinki", width=375),
    PageType("facet", "ブロック別ページ", "/cases/block/kinki/"),
    PageType("glossary", "用語集", "/glossary/"),
    PageType("404", "404 ページ", "/404.html"),
    PageType("search", "検索ダイアログ（結果表示）", "/", search=True),
]
TAG_INDEX_CANDIDATES = ("tags/index.html", "cases/tags/index.html")
# The tags plugin gives every section of a tag listing an anchor "tag:NAME".
TAG_LISTING_MARK = 'id="tag:'


def discover_page_types(site: Path) -> tuple[list[PageType], list[str]]:
    """The fixed page types plus those found only in the built site (the tag index).

    Returns the page types and a note for each optional type, found or not, so the run
    says what it checked instead of leaving a page type out silently.
    """
    found, notes = list(PAGE_TYPES), []
    tag_pages = [rel for rel in TAG_INDEX_CANDIDATES if (site / rel).is_file()]
    tag_pages += sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")
                        if TAG_LISTING_MARK in p.read_text(encoding="utf-8")
                        and p.relative_to(site).as_posix() not in tag_pages)
    for rel in tag_pages:
        found.append(PageType(f"tags:{rel}", f"タグ一覧（{rel}）", "/" + rel.removesuffix("index.html")))
    if tag_pages:
        notes.append(f"タグ一覧: {', '.join(tag_pages)} を検査しました")
    else:
        notes.append("タグ一覧: ビルドしたサイトにタグ一覧ページがないため検査していません"
                     f"（探した場所: {', '.join(TAG_INDEX_CANDIDATES)} と tag: のアンカーを持つページ）")
    return found, notes


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site as its URL path ("/", "/cases/c01/", "/404.html")."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        paths.append("/" + (rel.removesuffix("index.html") if html.name == "index.html" else rel))
    return paths


def open_search(page, query: str = SEARCH_QUERY) -> int:
    """Open the header search, type the query, wait for results; returns how many are shown."""
    label = page.locator("label.md-header__button[for='__search']")
    field = page.locator("input[data-md-component=search-query]")
    if label.is_visible():       # narrow screens: the header button opens the dialog
        label.click()
    else:                        # wide screens: the search field sits in the header itself
        field.click()
    field.fill(query)
    page.wait_for_selector(".md-search-result__item", state="visible")
    # The ranked titles may come first; the whole answer brings the excerpts with the query marked.
    page.wait_for_selector(".md-search-result__item article > p mark", state="attached")
    # Results fade and recolour in with CSS transitions: measure contrast only when they end.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    return page.locator(".md-search-result__item").count()


def load(page, base_url: str, page_type: PageType) -> None:
    if page_type.width:
        page.set_viewport_size({"width": page_type.width, "height": 812})
    page.goto(base_url + page_type.path, wait_until="load")
    if page_type.search:
        open_search(page)


@dataclass
class AxeResult:
    violations: list[dict] = field(default_factory=list)     # WCAG A/AA rules: must be empty
    best_practice: list[dict] = field(default_factory=list)  # reported, not failed

    def describe(self) -> str:
        lines = []
        for v in self.violations:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:5]:
                lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
        return "\n".join(lines)


def run_axe(page, axe_source: str, best_practice: bool = True) -> AxeResult:
    """axe-core on the page as it is now (after load, dialogs opened); WCAG and best practice."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    raw = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target.map(String), failureSummary: n.failureSummary || ''}))}));
        }""",
        [*WCAG_TAGS, *(["best-practice"] if best_practice else [])])
    result = AxeResult()
    for violation in raw:
        (result.violations if set(violation["tags"]) & set(WCAG_TAGS) else result.best_practice).append(violation)
    return result


def duplicate_ids(page) -> list[str]:
    """ids used by more than one element in the live DOM (after the theme's scripts ran)."""
    return page.evaluate("""() => {
        const seen = new Map();
        for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
        return [...seen].filter(([, n]) => n > 1).map(([id]) => id).sort();
    }""")


def structure_problems(page) -> list[str]:
    """What axe leaves to us: lang="ja", exactly one h1, unique ids (the skip link: first_tab_stop)."""
    problems = []
    lang = page.evaluate("document.documentElement.getAttribute('lang')")
    if lang != "ja":
        problems.append(f'<html lang> が "ja" ではありません: {lang!r}')
    h1 = page.locator("h1").count()
    if h1 != 1:
        problems.append(f"h1 が {h1} 個あります（1 個にしてください）")
    problems += [f'id="{i}" が重複しています' for i in duplicate_ids(page)]
    return problems


def first_tab_stop(page) -> dict:
    """Press Tab once on a fresh page; describe the focused element and whether it is visible."""
    page.keyboard.press("Tab")
    return page.evaluate("""() => {
        const el = document.activeElement;
        // Run the theme's focus transition to its end, so we look at the settled state.
        for (const a of document.getAnimations()) a.finish();
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), cls: el.className, href: el.getAttribute('href'),
                visible: r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < innerHeight
                         && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0
                         && !(s.clip && s.clip.startsWith('rect(0'))};
    }""")


def horizontal_overflow(page) -> int:
    """How many CSS px the page scrolls sideways (0 when it reflows)."""
    return page.evaluate("""() => Math.max(document.documentElement.scrollWidth,
                                           document.body.scrollWidth) - document.documentElement.clientWidth""")


class RequestRecorder:
    """Records every request a page makes; anything not to 127.0.0.1 is aborted and reported."""

    ALLOWED_SCHEMES = {"data", "blob", "about"}   # in-page content, never the network

    def __init__(self, page):
        self.urls: list[str] = []
        self.foreign: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in self.ALLOWED_SCHEMES or parts.hostname == LOOPBACK:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def foreign_requests(self) -> list[str]:
        """Every recorded request whose host is not the loopback server, routed or not."""
        seen = [u for u in self.urls
                if urlsplit(u).scheme not in self.ALLOWED_SCHEMES and urlsplit(u).hostname != LOOPBACK]
        return sorted(set(seen) | set(self.foreign))
