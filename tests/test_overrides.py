"""The template overrides (overrides/) against the Material templates installed in .venv.

Each override is a copy of a Material template (or of one block of it) with a few intended
changes. The diff must consist of exactly the lines listed in OVERRIDES: when Material changes
the original (an update) or someone edits the copy by accident, this test fails and prints the
diff, so the copy is brought up to date on purpose instead of silently drifting.
"""
from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import material
import pytest

from repo_support import ROOT

MATERIAL = Path(material.__file__).resolve().parent / "templates"
OVERRIDE_DIR = ROOT / "overrides"


@dataclass(frozen=True)
class Override:
    path: str                   # under overrides/
    upstream: str               # under material/templates/
    block: str | None           # compare this {% block %} only (None: the whole file)
    removed: tuple[str, ...]    # upstream lines the copy intentionally drops (stripped)
    added: tuple[str, ...]      # lines the copy intentionally adds (stripped)
    why: str


OVERRIDES = [
    Override("partials/search.html", "partials/search.html", None,
             removed=('<div class="md-search" data-md-component="search" role="dialog">',
                      '<div class="md-search-result__meta">'),
             added=('<div class="md-search" data-md-component="search" role="dialog" aria-label="サイト内検索">',
                    '<div class="md-search-result__meta" role="status">'),
             why="the search dialog gets an accessible name; the result count is a status message"),
    Override("partials/tags.html", "partials/tags.html", None,
             removed=('<nav class="md-tags" {{ hidden }}>',),
             added=('<nav class="md-tags" aria-label="タグ" {{ hidden }}>',),
             why="the tag nav gets a name that tells it from the page's other navs"),
    Override("main.html", "base.html", "config",
             removed=('"search": "assets/javascripts/workers/search.a7633da7.min.js" | url,',),
             added=('"search": "javascripts/search-worker.js" | url,',),
             why="Material's search UI talks to the Japanese worker (docs/javascripts/search-worker.js)"),
    Override("main.html", "base.html", "extrahead",
             removed=(),
             added=("<link rel=\"stylesheet\" media=\"print\" href=\"{{ 'stylesheets/print.css' | url }}\">",
                    "{%- if page and page.content and ('cb-facets' in page.content or 'data-cb-list' in page.content) %}",
                    "<link rel=\"stylesheet\" href=\"{{ 'stylesheets/facets.css' | url }}\">",
                    "{%- endif %}"),
             why="print.css only for print (media), facets.css only on pages with the filter form"),
    Override("main.html", "base.html", "scripts",
             removed=("<script src=\"{{ 'assets/javascripts/bundle.a5f9d56c.min.js' | url }}\"></script>",
                      "{% for script in config.extra_javascript %}",
                      "{{ script | script_tag }}",
                      "{% endfor %}"),
             added=("{%- if page and page.content and 'cb-facets' in page.content %}",
                    "<script src=\"{{ 'javascripts/facets.js' | url }}\"></script>",
                    "{%- endif %}",
                    "<script src=\"{{ 'javascripts/search-lazy.js' | url }}\"></script>",
                    "{{ super() }}"),
             why="facets.js (only with the filter form) and search-lazy.js run before Material's bundle; "
                 "super() keeps the bundle and extra_javascript"),
    Override("404.html", "404.html", None,
             removed=("<h1>404 - Not found</h1>",),
             added=("{% block header %}",
                    '<a href="#cb-not-found" class="md-skip">コンテンツにスキップ</a>',
                    "{{ super() }}",
                    "{% endblock %}",
                    '<h1 id="cb-not-found" tabindex="-1">ページが見つかりません</h1>',
                    "<p>お探しのページは移動したか、アドレスが間違っている可能性があります。</p>",
                    "<ul>",
                    '<li><a href="{{ nav.homepage.url | url }}">ホームへ戻る</a></li>',
                    "<li><a href=\"{{ 'cases/' | url }}\">事例一覧から探す</a></li>",
                    "</ul>",
                    "<p>画面上部の検索欄から、言葉で探すこともできます。</p>"),
             why="a Japanese 404 page with a skip link (Material's appears only on pages with a TOC)"),
]

LEADING_COMMENT = re.compile(r"\A\s*\{#-?.*?-?#\}\s*\n", re.S)


def template_lines(path: Path, block: str | None) -> list[str]:
    """The template without its leading comment (ours explains the override, Material's says
    "automatically generated"); only the named block's body if given; common indent removed."""
    text = LEADING_COMMENT.sub("", path.read_text(encoding="utf-8"), count=1)
    if block:
        # the block's body up to its endblock; upstream may write an empty block on one line
        pattern = r"\{%-?\s*block " + re.escape(block) + r"\s*-?%\}\n?(.*?)\{%-?\s*endblock\b"
        match = re.search(pattern, text, re.S)
        assert match, f"{path} に {{% block {block} %}} がありません"
        text = match.group(1)
    return textwrap.dedent(text).rstrip().splitlines()


def changes(upstream: list[str], ours: list[str]) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, upstream, ours, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += [line.strip() for line in upstream[i1:i2]]
            added += [line.strip() for line in ours[j1:j2]]
    return removed, added


@pytest.mark.parametrize("override", OVERRIDES, ids=lambda o: f"{o.path}:{o.block or 'file'}")
def test_override_differs_from_material_only_where_intended(override):
    upstream_path = MATERIAL / override.upstream
    assert upstream_path.is_file(), f"Material に {override.upstream} がありません（Material の更新で消えた？）"
    upstream = template_lines(upstream_path, override.block)
    ours = template_lines(OVERRIDE_DIR / override.path, override.block)
    removed, added = changes(upstream, ours)
    if (tuple(removed), tuple(added)) != (override.removed, override.added):
        diff = "\n".join(difflib.unified_diff(upstream, ours, f"material/templates/{override.upstream}",
                                              f"overrides/{override.path}", lineterm=""))
        pytest.fail(f"overrides/{override.path}（{override.block or 'ファイル全体'}）と Material の "
                    f"{override.upstream} の差分が、意図した変更（{override.why}）だけではありません。\n"
                    f"Material を更新したときは元のテンプレートを写し直し、意図した行だけを変えて、"
                    f"tests/test_overrides.py の OVERRIDES を直してください。\n"
                    f"想定外に消えた行: {[r for r in removed if r not in override.removed]}\n"
                    f"想定外に加わった行: {[a for a in added if a not in override.added]}\n"
                    f"足りない意図した変更: {[x for x in (*override.removed, *override.added) if x not in (*removed, *added)]}\n"
                    f"{diff}", pytrace=False)


def test_main_html_overrides_only_the_listed_blocks():
    """main.html may hold only the blocks compared above: anything else would escape the diff."""
    text = LEADING_COMMENT.sub("", (OVERRIDE_DIR / "main.html").read_text(encoding="utf-8"), count=1)
    blocks = re.findall(r"\{%-?\s*block (\w+)", text)
    assert blocks == [o.block for o in OVERRIDES if o.path == "main.html"]
    assert text.lstrip().startswith('{% extends "base.html" %}')


def test_every_override_is_compared():
    present = sorted(p.relative_to(OVERRIDE_DIR).as_posix() for p in OVERRIDE_DIR.rglob("*")
               if p.is_file() and not p.name.startswith("."))
    assert present == sorted({o.path for o in OVERRIDES}), "tests/test_overrides.py の OVERRIDES に加えてください"
