"""collapse_indentation: whitespace runs shrink, and only where they cannot show."""
from casebook.render.minify import collapse_indentation


def test_indentation_after_newlines_goes():
    assert collapse_indentation("<div>\n    <p>a</p>\n\n  </div>") == "<div>\n<p>a</p>\n</div>"


def test_preformatted_and_code_keep_their_whitespace():
    kept = "<pre><code>x\n    y\n</code></pre>\n  <textarea>\n  a</textarea><code>p\n  q</code><KBD>\n  k</KBD>"
    assert collapse_indentation(kept) == kept.replace("</pre>\n  <textarea>", "</pre>\n<textarea>")


def test_text_spaces_and_ideographic_space_stay():
    text = "<p>一　二  three\tfour</p>"
    assert collapse_indentation(text) == text
