"""The compact search index written after Material's search plugin (casebook.search)."""
import re

from casebook.search import case_entries, compact, plain


def test_compact_keeps_plain_text_drops_handouts_and_neighbour_sections():
    data = {"config": {"lang": ["ja"]}, "docs": [
        {"location": "cases/c01/", "title": "題", "text": "<p>自立支援&amp;協議会</p>", "tags": ["研修"]},
        {"location": "cases/c01/#関連する事例", "title": "関連する事例", "text": "<li>c02</li>", "tags": ["研修"]},
        {"location": "cases/c01/#成果", "title": "成果", "text": "<p>a  b</p>", "tags": ["研修"]},
        {"location": "cases/workshop/block/kinki/", "title": "配布", "text": "x"},
    ]}
    out = compact(data, [["ジョブコーチ", "JC"]])
    assert out["docs"] == [["cases/c01/", "題", "自立支援&協議会", ["研修"]], ["cases/c01/#成果", "成果", "a b"]]
    assert out["config"]["synonyms"] == [["ジョブコーチ", "JC"]] and out["config"]["format"] == "casebook-1"


def test_plain_strips_markup():
    assert plain("<p>A<br>B &lt;x&gt;</p>") == "A B <x>"


def test_case_pages_are_indexed_exactly_as_materials_parser_would(repo, monkeypatch):
    """The hook indexes case pages itself (search.case_entries) and excludes them from
    Material's plugin; for every case page its entries equal those of Material's parser."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    from casebook import hook
    from casebook.build import build_site
    from casebook.project import Project

    seen = {}

    def capture(content, url, tags):
        seen[url] = (content, tags, hook_entries(content, url, tags))
        return seen[url][2]

    hook_entries = hook.case_entries
    monkeypatch.setattr(hook, "case_entries", capture)
    build_site(Project(repo), progress=lambda _: None)
    assert len(seen) == 21
    for url, (content, tags, ours) in seen.items():
        index = SearchIndex()
        page = SimpleNamespace(meta={"tags": tags}, content=content, toc=[], url=url, title="")
        index.add_entry_from_context(page)
        assert ours == compact({"docs": index.entries}, [])["docs"], url
    written = (repo / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert written.count('"cases/c01/') == len(seen["cases/c01/"][2])


def test_case_entries_split_at_headings_and_keep_inline_words_together():
    html = ('<h1 id="t">題<a class="headerlink" href="#t">¶</a></h1>\n<p>前文<strong>業務</strong>として</p>\n'
            '<h2 id="a">成果</h2>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n<h2 id="b">関連する事例</h2>\n<p>c02</p>')
    assert case_entries(html, "cases/c09/", ["研修"]) == [
        ["cases/c09/", "題", "前文業務として", ["研修"]], ["cases/c09/#a", "成果", "一 二"]]


def test_a_dirty_rebuild_still_indexes_the_unchanged_case_pages(repo):
    """`mkdocs serve --dirty` renders only changed pages; the hook keeps the other case pages'
    entries from the previous build of the same project."""
    import json

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = repo / "dirty-site"
    index = site / "search" / "search_index.json"

    def case_pages():
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        return {d[0] for d in docs if re.fullmatch(r"cases/c\d+/", d[0])}

    build(load_config(str(repo / "mkdocs.yml"), site_dir=str(site)))
    assert len(case_pages()) == 21
    build(load_config(str(repo / "mkdocs.yml"), site_dir=str(site)), dirty=True)   # nothing changed
    assert len(case_pages()) == 21
