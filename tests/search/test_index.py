"""The compact search index written after Material's search plugin (casebook.render.search)."""
import re

from casebook.render import search_shards
from casebook.render.search import case_entries, compact, plain


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

    from casebook import plugin as hook
    from casebook.build.site import build_site
    from casebook.core.project import Project

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
    meta = search_shards.read(repo / "site" / "search", "meta")
    number = [row[0] for row in meta["pages"]].index("cases/c01/")
    written = search_shards.read(repo / "site" / "search", f"t/{number}")
    assert [[f"cases/c01/#{a}" if a else "cases/c01/", t, x] for a, t, x in written] == \
        [entry[:3] for entry in seen["cases/c01/"][2]]


def test_case_entries_split_at_headings_and_keep_inline_words_together():
    html = ('<h1 id="t">題<a class="headerlink" href="#t">¶</a></h1>\n<p>前文<strong>業務</strong>として</p>\n'
            '<h2 id="a">成果</h2>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n<h2 id="b">関連する事例</h2>\n<p>c02</p>')
    assert case_entries(html, "cases/c09/", ["研修"]) == [
        ["cases/c09/", "題", "前文業務として", ["研修"]], ["cases/c09/#a", "成果", "一 二"]]


def test_a_dirty_rebuild_still_indexes_the_unchanged_case_pages(repo):
    """`mkdocs serve --dirty` renders only changed pages; the hook keeps the other case pages'
    entries from the previous build of the same project."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = repo / "dirty-site"
    def case_pages():
        pages = search_shards.read(site / "search", "meta")["pages"]
        return {row[0] for row in pages if re.fullmatch(r"cases/c\d+/", row[0])}

    build(load_config(str(repo / "mkdocs.yml"), site_dir=str(site)))
    assert len(case_pages()) == 21
    build(load_config(str(repo / "mkdocs.yml"), site_dir=str(site)), dirty=True)   # nothing changed
    assert len(case_pages()) == 21


def test_shards_hold_every_gram_of_every_entry_where_the_worker_looks(tmp_path):
    """Every character and character pair of an entry's folded text and title is in the shard
    the worker computes for it, with the text count and the title flag; titles and tags of
    pages are in meta; texts in t/N; search_index.json is not read by the worker."""
    docs = [["a/", "協議会の題", "ジョブコーチ と 協議会。協議会", ["研修"]], ["a/#s", "節", "ＡＢ"],
            ["b/", "別", "ちがう"]]
    counts = search_shards.write(tmp_path, docs, {"synonyms": []})
    meta = search_shards.read(tmp_path, "meta")
    assert meta["pages"] == [["a/", "協議会の題", 2, ["研修"]], ["b/", "別", 1]] and len(meta["lengths"]) == 3
    shards = meta["shards"]
    assert counts["shards"] == shards and len(list((tmp_path / "cb" / "g").glob("*.js"))) == shards

    def posting(gram):
        encoded = search_shards.read(tmp_path, f"g/{search_shards.shard_of(gram, shards)}").get(gram, [])
        out, number = {}, 0
        for value in encoded:
            number += value // 16
            out[number] = (value & 7, (value >> 3) & 1)
        return out
    assert posting("協議") == {0: (2, 1)}               # twice in the text, also in the title
    assert posting("じょ") == {0: (1, 0)}               # katakana folded to hiragana
    assert posting("ab") == {1: (1, 0)}                 # full width folded, lower case
    assert posting("節") == {1: (0, 1)}                 # a title only
    assert posting("と協") == {}                        # no pair across white space
    assert search_shards.read(tmp_path, "t/0") == [["", "協議会の題", docs[0][2]], ["s", "節", "ＡＢ"]]


def test_synonym_files_hold_each_word_with_exact_counts(tmp_path):
    """s/N.js: for each word of synonym group N (folded, and without ・), the entries holding it
    with the whole word's count in the text (non-overlapping, as the worker counts) and whether
    the title holds it; pairs that occur apart are not the word."""
    docs = [["a/", "ハローワークの題", "ハローワークとハローワーク。ハロー ワーク", ["研修"]],
            ["a/#s", "節", "公共職業安定所と就業・生活支援"],
            ["b/", "別", "ワークハロー、ああああ"]]
    groups = [["ハローワーク", "公共職業安定所"], ["就業・生活", "ああ"]]
    search_shards.write(tmp_path, docs, {"synonyms": groups})

    def hits(n):
        out = {}
        for word, encoded in search_shards.read(tmp_path, f"s/{n}").items():
            found, number = {}, 0
            for value in encoded:
                number += value // 128
                found[number] = (value & 63, (value >> 6) & 1)
            out[word] = found
        return out
    assert hits(0) == {"はろーわーく": {0: (2, 1)}, "公共職業安定所": {1: (1, 0)}}
    assert hits(1) == {"就業・生活": {1: (1, 0)}, "就業生活": {}, "ああ": {2: (2, 0)}}
    assert search_shards.synonym_words(["就業・生活", "ｶﾅ"]) == ["就業・生活", "就業生活", "かな"]
    many = [["c/", "題", "支援" * 80]]
    search_shards.write(tmp_path, many, {"synonyms": [["支援"]]})
    assert search_shards.read(tmp_path, "s/0") == {"支援": [search_shards.MAX_EXACT]}
