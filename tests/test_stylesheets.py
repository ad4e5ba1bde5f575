"""One small screen stylesheet of ours on every page; print.css only for print; facets.css only
where the page has the facet filter (issue 15, item 4); facets.js likewise, before the bundle."""
import re

SCRIPTS = re.compile(r'<script src="([^"]+)"></script>')
LINK = re.compile(r'<link rel="stylesheet"(?: media="(?P<media>[^"]+)")? href="(?P<href>[^"]*stylesheets/[^"]+)">')


def _ours(html: str) -> dict[str, str]:
    return {m["href"].rsplit("/", 1)[1]: m["media"] or "all" for m in LINK.finditer(html)
            if "assets/stylesheets" not in m["href"]}


def test_pages_link_one_screen_stylesheet_and_print_css_for_print(built_site):
    for rel in ("index.html", "cases/c01/index.html", "glossary/index.html", "404.html"):
        links = _ours((built_site / rel).read_text(encoding="utf-8"))
        assert links == {"casebook.css": "all", "print.css": "print"}, (rel, links)


def test_facets_css_only_on_the_filtered_list(built_site):
    listed = _ours((built_site / "cases" / "index.html").read_text(encoding="utf-8"))
    assert listed == {"casebook.css": "all", "print.css": "print", "facets.css": "all"}
    html = (built_site / "cases" / "index.html").read_text(encoding="utf-8")
    # after casebook.css, as extra_css was, so equal selectors resolve as before
    assert html.index("stylesheets/casebook.css") < html.index("stylesheets/print.css") < html.index("stylesheets/facets.css")


def test_merged_stylesheet_keeps_the_handout_rules(built_site):
    css = (built_site / "stylesheets" / "casebook.css").read_text(encoding="utf-8")
    assert ".cb-handout" in css and ".cb-ws-case" in css and not (built_site / "stylesheets" / "handout.css").exists()


def _scripts(html: str) -> list[str]:
    return [src.rsplit("/", 1)[-1] for src in SCRIPTS.findall(html)]


def test_facets_js_only_with_the_form_and_before_the_bundle(built_site):
    """Before the bundle: the list has its final shape before Material starts reading sizes
    (tests/browser/test_facets_load.py)."""
    listed = _scripts((built_site / "cases" / "index.html").read_text(encoding="utf-8"))
    bundle = next(i for i, s in enumerate(listed) if s.startswith("bundle."))
    assert listed.index("facets.js") < listed.index("search-lazy.js") < bundle, listed
    for rel in ("index.html", "cases/c01/index.html", "glossary/index.html", "cases/block/kinki/index.html", "404.html"):
        assert "facets.js" not in _scripts((built_site / rel).read_text(encoding="utf-8")), rel
