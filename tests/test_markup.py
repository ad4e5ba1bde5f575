"""Escaping and sanitizing of YAML text on its way to a page."""
from casebook.markup import inline_md, md_to_html, prose_block


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
