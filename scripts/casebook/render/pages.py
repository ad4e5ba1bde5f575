"""The generated lists: /cases/, facet pages, and the parts hand-written pages include."""
from __future__ import annotations

from ..model import GUIDELINE_FACETS, Casebook
from ..sources.glossary import Term
from .case import SECTION_FACETS, case_link, facet_link, front_matter, key_labels, region_label, year_label
from .facets import filter_form, row_attributes
from .list_pages import GUIDE_FIRST, MATRIX_MAX, chunks, filtered_url, more_link, page_note, page_rel, pager
from .markup import abbr_definition, inline_md
from .workshop import workshop_path

SAMPLE_LINE = "「（架空のサンプル）」と付いた事例は説明用に作成したもので、実在のセンター・地域・人物とは関係ありません。"


def case_items(cases) -> list[str]:
    if not cases:
        return ["この項目に当てはまる事例はまだありません。", ""]
    return [f"- {case_link(c)} — {inline_md(c.summary)}" for c in cases] + [""]


def confirm_note(book: Casebook, facet: str) -> list[str]:
    spec = book.taxonomy[facet]
    if not spec.to_confirm:
        return []
    return ['!!! note "要確認"', "", f"    {inline_md(spec.note)}", ""]


def render_index(book: Casebook, rows: list | None = None, number: int = 1, total: int = 1) -> str:
    """One page of the case list: page 1 (/cases/) has the filters, the others /cases/page/N/."""
    tax, listed = book.taxonomy, book.listed()
    rows = listed if rows is None else rows

    def labels(case, facet):
        return key_labels(book, case, facet) or "—"
    title = "事例一覧" if number == 1 else f"事例一覧（{number}/{total} ページ）"
    meta = {"title": title, "description": "基幹型の実践事例の一覧"} | ({"search": {"exclude": True}} if number > 1 else {})
    out = [front_matter(meta), f"# {title}", ""]
    out += [f"{len(listed)} 件の事例があります。{SAMPLE_LINE}", "",
            "ブロック別・論点別・役割別の一覧からも探せます: "
            "[ブロック別](/cases/block/index.md)、[論点別](/cases/theme/index.md)、[役割別](/cases/role/index.md)、"
            "[タグ別](/cases/tags.md)。", ""]
    if number == 1:
        out += [filter_form(book), ""]
    else:
        out += ["条件やキーワードで絞り込むときは、[事例一覧の最初のページ](/cases/index.md)を使ってください。", ""]
    if total > 1:
        out += [f'<p class="cb-pager__note" id="cb-page-note">{page_note(number, total, len(listed))}</p>', ""]
    out += ["| ID | 題名 | ブロック | 論点 | 地域の特徴 | 役割 | 地域連携のポイント | 連携先 | 年度・事業 | 状態 |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for c in rows:
        region, year = region_label(book, c), year_label(book, c)
        out.append("| " + " | ".join([
            f"[{c.id}](/cases/{c.id}.md){row_attributes(c)}", f"[{inline_md(c.display_title)}](/cases/{c.id}.md)",
            facet_link(book, "block", c.block), facet_link(book, "theme", c.theme), inline_md(region),
            labels(c, "role"), labels(c, "collaboration_point"), labels(c, "partner"), inline_md(year),
            inline_md(tax["status"].label_of(c.status))]) + " |")
    out += ["", '<p class="cb-facets__empty" id="cb-facets-empty" hidden>条件に当てはまる事例はありません。'
            "条件を減らしてください。</p>", ""]
    out += pager("index", number, total, "事例一覧のページ")
    return "\n".join(out + [""])


def render_index_pages(book: Casebook) -> dict[str, str]:
    parts = chunks(book.listed())
    return {page_rel("index", n): render_index(book, rows, n, len(parts)) for n, rows in enumerate(parts, 1)}


def render_tags(book: Casebook) -> str:
    """Tag index: Material's tags plugin fills the listing marker; kept out of search results."""
    meta = {"title": "タグ別の事例", "description": "事例に付けたタグの一覧", "search": {"exclude": True}}
    out = [front_matter(meta), "# タグ別の事例", "",
           "事例に付けたタグごとに、そのタグの事例を並べています。"
           "タグは cases/taxonomy.yml の一覧から選んで付けます。[事例一覧](/cases/index.md)では条件を組み合わせて絞り込めます。", "",
           "<!-- material/tags -->", ""]
    return "\n".join(out)


def render_facet_page(book: Casebook, facet: str, key: str, rows: list | None = None,
                      number: int = 1, total: int = 1) -> str:
    spec = book.taxonomy[facet]
    value = spec.get(key)
    title = f"{value.label}の事例" + (f"（{number}/{total} ページ）" if number > 1 else "")
    meta = {"title": title, "description": value.description} | ({"search": {"exclude": True}} if number > 1 else {})
    out = [front_matter(meta), f"# {inline_md(title)}", ""]
    out += [f"{inline_md(spec.label)}: {inline_md(value.description)}", ""]
    out += confirm_note(book, facet)
    cases = book.with_key(facet, key)
    rows = cases if rows is None else rows
    out += [f"{len(cases)} 件の事例があります。{SAMPLE_LINE if any(c.is_sample for c in cases) else ''}", ""]
    if cases:
        out += [f"[事例一覧]({filtered_url(**{facet: key})})では、ほかの条件やキーワードと組み合わせて絞り込めます。", ""]
    if total > 1:
        out += [page_note(number, total, len(cases)), ""]
    out += case_items(rows)
    out += pager(f"{facet}/{key}", number, total, f"{inline_md(value.label)}の事例のページ")
    if facet in ("block", "theme") and cases:   # trainers: the printable set of these cases
        out += [f"研修では、これらの事例を表紙付きでまとめて印刷できる[研修セット]({workshop_path(facet, key)})が使えます。", ""]
    return "\n".join(out)


def render_facet_pages(book: Casebook, facet: str, key: str) -> dict[str, str]:
    parts = chunks(book.with_key(facet, key))
    return {page_rel(f"{facet}/{key}", n): render_facet_page(book, facet, key, rows, n, len(parts))
            for n, rows in enumerate(parts, 1)}


def render_point(book: Casebook, facet: str, key: str) -> str:
    """The cases of a guide's point: the first few, then a link to all of them in the list."""
    cases = book.with_key(facet, key)
    out = case_items(cases[:GUIDE_FIRST])
    if len(cases) > GUIDE_FIRST:
        label = inline_md(book.taxonomy[facet].label_of(key))
        out += [f"ほかに {len(cases) - GUIDE_FIRST} 件あります。"
                + more_link(label, filtered_url(**{facet: key}), len(cases)), ""]
    return "\n".join(out)


def render_facet_index(book: Casebook, facet: str) -> str:
    spec = book.taxonomy[facet]
    title = f"{spec.label}別の事例"
    out = [front_matter({"title": title, "description": spec.description}), f"# {inline_md(title)}", ""]
    out += [inline_md(spec.description), ""] + confirm_note(book, facet)
    for value in spec.values:
        count = len(book.with_key(facet, value.key))
        out.append(f"- [{inline_md(value.label)}](/cases/{facet}/{value.key}.md)（{count} 件）— {inline_md(value.description)}")
    return "\n".join(out + [""])


def render_matrix(book: Casebook) -> str:
    tax = book.taxonomy
    themes = tax["theme"].values
    head = book.heading("block")       # marked 要確認 when the source does not give the names: link the note
    head = f"[{head}](/cases/block/index.md)" if tax["block"].to_confirm else head
    out = [f"| {head} | " + " | ".join(f"[{inline_md(t.label)}](/cases/theme/{t.key}.md)" for t in themes) + " |",
           "|---|" + "---|" * len(themes)]
    for block in tax["block"].values:
        cells = []
        for theme in themes:
            cases = book.cell(block.key, theme.key)
            many = f"[{len(cases)} 件]({filtered_url(block=block.key, theme=theme.key)})"
            cells.append(many if len(cases) > MATRIX_MAX else "<br>".join(case_link(c) for c in cases) or "事例なし")
        out.append(f"| [{inline_md(block.label)}](/cases/block/{block.key}.md) | " + " | ".join(cells) + " |")
    return "\n".join(out + ["", SAMPLE_LINE, ""])


def render_stats(book: Casebook) -> str:
    total, samples = len(book.listed()), book.sample_count()
    if samples:
        which = "すべて" if samples == total else "そのうち"
        return (f"現在 **{total} 件**の事例を掲載しています。{which} **{samples} 件**は、"
                "実際の事例が追加されるまでの間、説明用に作成した架空のサンプルです。\n")
    return f"現在 **{total} 件**の事例を掲載しています。\n"


def render_glossary(terms: list[Term]) -> str:
    out = []
    for t in terms:
        out += [f"## {inline_md(t.term)}", "", f"読み: {inline_md(t.reading)}", ""]
        if t.synonyms:
            out += [f"別名・略称: {inline_md('、'.join(t.synonyms))}", ""]
        out += [inline_md(t.description), ""]
    return "\n".join(out) if out else "用語はまだ登録されていません。\n"


def render_abbreviations(abbreviations: dict[str, str]) -> str:
    return "\n".join(abbr_definition(short, meaning) for short, meaning in sorted(abbreviations.items())) + "\n"


def render_rules() -> str:
    """The rule table of the contributor guide, made from the registered rules."""
    from ..rules.validate import RULES
    rows = [f"| {code} | {inline_md(RULES[code].title)} |" for code in sorted(RULES)]
    return "\n".join(["| コード | 内容 |", "|---|---|", *rows, ""])


def render_all_lists(book: Casebook, terms: list[Term], abbreviations: dict[str, str]) -> dict[str, str]:
    pages = {**render_index_pages(book), "tags.md": render_tags(book)}
    for facet in SECTION_FACETS:
        pages[f"{facet}/index.md"] = render_facet_index(book, facet)
        for value in book.taxonomy[facet].values:
            pages.update(render_facet_pages(book, facet, value.key))
    pages["_parts/matrix.md"] = render_matrix(book)
    pages["_parts/stats.md"] = render_stats(book)
    pages["_parts/glossary.md"] = render_glossary(terms)
    pages["_parts/abbreviations.md"] = render_abbreviations(abbreviations)
    for facet in GUIDELINE_FACETS:
        for value in book.taxonomy[facet].values:
            pages[f"_parts/points/{facet}/{value.key}.md"] = render_point(book, facet, value.key)
    return pages
