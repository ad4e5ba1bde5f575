"""Escaping and sanitizing of YAML text on its way to a page."""
import re

from casebook.render.markup import inline_md, md_to_html, prose_block


def test_inline_md_escapes_markdown_and_html():
    assert inline_md("<b>A&B</b> [x](y) #1") == "&lt;b&gt;A&amp;B&lt;/b&gt; \\[x\\]\\(y\\) \\#1"


def test_sanitizer_drops_script_handlers_and_bad_schemes():
    html = md_to_html('a <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
                      ' <a href="https://example.org" onclick="x()">ok</a>')
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html and "<img" not in html
    assert 'href="https://example.org"' in html


def test_attr_list_is_not_interpreted():
    html = md_to_html("text {: onclick=\"alert(1)\" }")
    assert "<p>text {: onclick=" in html.replace("&quot;", '"')
    assert " onclick=" not in html.split(">", 1)[0]


def test_allowed_subset_survives():
    html = md_to_html("**強調** と *斜体*\n\n- 一つ目\n- 二つ目\n\n[リンク](https://example.org)")
    assert "<strong>強調</strong>" in html and "<li>一つ目</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">リンク</a>' in html


def test_abbreviations_become_abbr():
    assert '<abbr title="ジョブコーチ">JC</abbr>' in md_to_html("JC の支援", {"JC": "ジョブコーチ"})


def test_prose_block_has_no_blank_lines():
    block = prose_block("一段落目\n\n二段落目")
    assert "\n\n" not in block and block.startswith('<div class="cb-prose"')


def test_csv_cell_guards_every_formula_starter():
    from casebook.render.markup import csv_cell
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(start + "1+1") == "'" + start + "1+1"
    assert csv_cell("1-2") == "1-2" and csv_cell("") == "" and csv_cell("事例") == "事例"


def test_front_matter_is_escaped_text_on_one_line():
    """Material writes page.meta.description into an attribute unescaped."""
    from casebook.render.case import front_matter
    block = front_matter({"title": 'A & B "q"\n<x>', "description": '0;url=https://evil.example/" http-equiv="refresh',
                          "tags": ["<b>"], "search": {"exclude": True}})
    assert 'title: "A &amp; B &quot;q&quot; &lt;x&gt;"' in block
    assert 'description: "0;url=https://evil.example/&quot; http-equiv=&quot;refresh"' in block
    assert 'tags: ["&lt;b&gt;"]' in block and 'search: {"exclude": true}' in block


def test_plain_text_cannot_start_a_markdown_block():
    """Every line break (CR, U+2028 ...) becomes a space: no heading, list, snippet or abbreviation
    line can start inside a value."""
    for brk in ("\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"):
        out = inline_md(f"a{brk}*[X]: <b>{brk}--8<-- \"x\"{brk}===")
        assert "\n" not in out and "\r" not in out and "<" not in out


def test_abbreviation_line_stays_one_line():
    from casebook.render.markup import abbr_definition
    line = abbr_definition("JC", "ジョブコーチ:\n<iframe srcdoc=\"x\">\r\n--8<-- \"y\"")
    assert line.count("\n") == 0 and line.startswith("*[JC]: ジョブコーチ: <iframe")


def test_xml_text_drops_what_xml_forbids():
    import xml.etree.ElementTree as ET

    from casebook.render.markup import xml_attr, xml_text
    value = "A & B < C ]]> \x01\x1f\ufffe \"q\" 'r'"
    root = ET.fromstring(f"<e a={xml_attr(value)}>{xml_text(value)}</e>")
    assert root.text == root.get("a") == "A & B < C ]]>  \"q\" 'r'"


# --- the fast path for plain text (markup._plain_html) against the full Markdown + nh3 path ---

def _prose_blocks(cases: list[dict]) -> list[str]:
    blocks = []
    for case in cases:
        blocks += [v for v in case.values() if isinstance(v, str)]
        blocks += [v for s in case.get("steps") or [] for v in s.values() if isinstance(v, str)]
        blocks += [q for q in case.get("discussion_questions") or [] if isinstance(q, str)]
    return blocks


def _assert_same_as_full_path(blocks: list[str], abbreviations: tuple) -> int:
    from casebook.render.markup import _full_html, _plain_html
    fast = 0
    for block in blocks:
        html = _plain_html(block, abbreviations)
        if html is not None:
            fast += 1
            assert html == _full_html(block, abbreviations), repr(block)
    return fast


def _glossary(root) -> tuple:
    from casebook.core.project import Project
    from casebook.sources.glossary import abbreviations, load_glossary
    return tuple(sorted(abbreviations(load_glossary(Project(root))).items()))


def test_plain_text_fast_path_matches_markdown_on_the_cases_and_synthetic_cases(tmp_path):
    from pathlib import Path

    import yaml

    from casebook.build.synthetic import write_cases
    root = Path(__file__).resolve().parent.parent
    write_cases(root / "cases", tmp_path, 300)
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("c*.yaml"))]
    blocks = _prose_blocks(cases)
    abbreviations = _glossary(root)
    assert abbreviations
    fast = _assert_same_as_full_path(blocks, abbreviations) + _assert_same_as_full_path(blocks, ())
    assert fast > len(blocks) // 2      # the fast path is taken, for paragraphs and for "- " lists
    assert any(b.startswith("- ") and _plain_html_of(b) for b in blocks)


def _plain_html_of(block: str) -> str | None:
    from casebook.render.markup import _plain_html
    return _plain_html(block, ())


PIECES = ["事例", "支援", "センター", "ー", "・", "。", "、", "「", "」", "（", "）", "１", "Ａ", "＊", "＃",
          "abc", "JC", "ナカポツ", "2024", "3", " ", "  ", "\n", "\n\n", "\n\n\n", "- ", "* ", "1. ", "1.",
          "#", "**", "_", "`", "<", ">", "&", "&amp;", "\\", "[", "]", "(", ")", "!", "|", "~", ":", "{", "}",
          "=", "---", "\t", "\r", "\r\n", "\u3000", "\u00a0", "\u2028", "\u2029", "\ufeff", "\x0b", "\x0c",
          "\x1c", "\x85", "\ufffd", "\U0001f600", "\u200b", "\u0301", "'", '"', "@", "%", "/", ",", ";", "?",
          "    ", "\n    ", "\n- ", "\n  - ", "-", "--", "\ud7ff", "\ue000"]


def test_plain_text_fast_path_matches_markdown_on_generated_text():
    import random
    rng = random.Random(20261127)
    abbreviations = (("JC", "ジョブコーチ: 職場適応援助者"), ("ナカポツ", "障害者就業・生活支援センター"))
    blocks = []
    for _ in range(6000):
        weights = rng.choice([PIECES, PIECES[:20] + ["\n", "\n\n", "- ", "\n- ", " "]])
        blocks.append("".join(rng.choice(weights) for _ in range(rng.randint(1, 30))))
    fast = _assert_same_as_full_path(blocks, abbreviations) + _assert_same_as_full_path(blocks, ())
    assert fast > 500       # the generator reaches the fast path often, with lists and paragraphs


def test_plain_text_fast_path_matches_markdown_on_paragraphs_and_lists():
    """Blocks of paragraphs and "- " lists in every order, with dashes, digits and spaces inside lines."""
    import random
    rng = random.Random(11)
    words = ["事例", "支援", "2024年", "A型", "1-2", "x - y", "ー", "－", "a", "。", "、", "**強調**"] * 4 + [
        " ", "-", "--", "JC", "1.", "*", "**", "** x**", "****", "***"]
    leads = ["", "", "", "- ", "- ", "- ", "-", "-- ", " ", "1. ", "* ", "---"]
    blocks = []
    for _ in range(4000):
        groups = []
        for _ in range(rng.randint(1, 4)):
            lead = rng.choice(leads)
            lines = [rng.choice([lead, lead, ""]) + "".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
                     for _ in range(rng.randint(1, 4))]
            groups.append("\n".join(lines))
        blocks.append("".join(g + rng.choice(["\n\n", "\n\n", "\n\n\n", "\n", "\n \n"]) for g in groups))
    fast = _assert_same_as_full_path(blocks, (("JC", "ジョブコーチ"),)) + _assert_same_as_full_path(blocks, ())
    assert fast > 200
    shown = [html for html in map(_plain_html_of, blocks) if html]
    assert any("<strong>" in html and "<ul>" in html and "<p>" in html for html in shown)
    assert any(re.search(r"<li>[^<]*\n", html) for html in shown)      # an item with a lazy line
