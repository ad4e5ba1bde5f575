"""Permanent links: stable readable anchors with a visible link, withdrawn cases keep their page."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self._open = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3", "h4") and self._in_content:
            self._open = [tag, attrs.get("id") or "", False]
            self.found.append(self._open)
        elif tag == "a" and self._open and "headerlink" in (attrs.get("class") or ""):
            self._open[2] = True

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self._open = None

    _in_content = True


def headings(path):
    html = path.read_text(encoding="utf-8")
    body = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    parser = Headings()
    parser.feed(body)
    return parser.found


def test_case_and_guideline_sections_have_readable_anchors_and_links(public_site):
    pages = [public_site / "cases" / f"c{n:02d}" / "index.html" for n in range(1, 22)]
    pages += sorted((public_site / "guide").glob("*/index.html"))
    pages += sorted((public_site / "cases" / "workshop").glob("*/*/index.html"))
    assert len(pages) > 30
    for page in pages:
        found = headings(page)
        assert found, page
        ids = [i for _, i, _ in found]
        assert len(ids) == len(set(ids)), page
        for _tag, anchor, linked in found:
            assert anchor and not re.fullmatch(r"_\d+", anchor) and not re.search(r"_\d+$", anchor), (page, anchor)
            assert linked, (page, anchor)
    c01 = [i for _, i, _ in headings(public_site / "cases" / "c01" / "index.html")]
    assert {"地域の状況と課題", "取組の内容", "成果", "工夫ポイント", "今後の課題", "事例検討の問い"} <= set(c01)


def test_permalinks_are_visible_without_hover(public_site):
    css = (public_site / "stylesheets" / "casebook.css").read_text(encoding="utf-8")
    assert re.search(r"\.headerlink\s*\{[^}]*opacity:\s*1", css)


def test_workshop_sets_are_linked_from_facet_pages_and_trainers_page(public_site):
    theme = (public_site / "cases" / "theme" / "supervision" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../workshop/theme/supervision/"' in theme
    trainers = (public_site / "trainers" / "index.html").read_text(encoding="utf-8")
    for key in ("theme/supervision", "theme/collaboration", "block/kinki", "block/hokkaido"):
        assert f'href="../cases/workshop/{key}/"' in trainers, key
    cover = (public_site / "cases" / "workshop" / "theme" / "supervision" / "index.html").read_text(encoding="utf-8")
    assert 'id="roles"' in cover and 'id="questions"' in cover and cover.count('class="cb-ws-case"') == 7


def test_withdrawn_case_keeps_its_page_with_a_notice_and_replacement(repo):
    from casebook.core.project import Project
    from casebook.generate.generator import generate
    path = repo / "cases" / "c05.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(status="withdrawn", replaced_by="c02")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    generate(Project(repo))
    out = repo / "docs" / "cases"
    page = (out / "c05.md").read_text(encoding="utf-8")
    assert '!!! danger "取り下げた事例"' in page
    assert "代わりに [c02 " in page and "(c02.md)" in page
    assert "(c05.md)" not in (out / "index.md").read_text(encoding="utf-8")
    workshop = (out / "workshop" / "block" / f"{data['block']}.md").read_text(encoding="utf-8")
    assert "c05.md)" not in workshop and "{#c05}" not in workshop
    feed = (out / "_data" / "feed.xml").read_text(encoding="utf-8")
    assert "［取り下げ］c05" in feed
