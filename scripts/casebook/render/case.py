"""One case page (docs/cases/cNN.md): notices, metadata card, body, links onward."""
from __future__ import annotations

import json

from ..model import SHARED_FACETS, Case, Casebook
from .markup import inline_md, meta_text, prose_block
from .qr import handout_block

SAMPLE_NOTICE = ("この事例は、説明用に作成した**架空のサンプル**です。"
                 "実在のセンター・地域・人物とは関係なく、調査事業で集めた事例でもありません。")

DRAFT_NOTICE = ("この事例は**下書き**です。プレビューでだけ表示し、公開するサイトには載りません。"
                "一覧・検索・データ・更新情報にも入りません。公開するときは、事例ファイルの status を published にします。")

# Facets with a page of their own under /cases/<facet>/<key>/.
SECTION_FACETS = ("block", "theme", "role")


def case_link(case: Case, with_title: bool = True) -> str:
    label = f"{case.id} {case.display_title}" if with_title else case.id
    return f"[{inline_md(label)}](/cases/{case.id}.md)"


def facet_link(book: Casebook, facet: str, key: str) -> str:
    label = inline_md(book.taxonomy[facet].label_of(key))
    if facet in SECTION_FACETS:
        return f"[{label}](/cases/{facet}/{key}.md)"
    return label


def region_label(book: Casebook, case: Case) -> str:
    """The case's region as one plain-text label, e.g. 人口規模: 10万人未満／地域の種類: 郡部・中山間地／…."""
    return "／".join(f"{book.taxonomy[n].label}: {book.taxonomy[n].label_of(case.region[n])}" for n in book.fields.region())


def year_label(book: Casebook, case: Case) -> str:
    return book.year_label(case)


def key_labels(book: Casebook, case: Case, facet: str) -> str:
    """The labels of the case's keys in one facet, joined with 「、」 (empty when it has none)."""
    return "、".join(inline_md(book.taxonomy[facet].label_of(k)) for k in case.keys(facet))


def _meta_value(value):
    if isinstance(value, str):
        return meta_text(value)
    if isinstance(value, list):
        return [_meta_value(v) for v in value]
    return value


def front_matter(meta: dict) -> str:
    """YAML front matter; values written as JSON strings/lists, which YAML reads as they are.

    The theme writes title, description and tags into HTML unescaped, so every string here
    is plain text escaped by markup.meta_text (also the tag names: hook.on_config allows the
    same escaped names)."""
    lines = [f"{key}: {json.dumps(_meta_value(value), ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _card(book: Casebook, case: Case) -> list[str]:
    tax = book.taxonomy
    title = book.fields.title
    rows = [
        (book.heading("block"), facet_link(book, "block", case.block)),
        (title("theme"), facet_link(book, "theme", case.theme)),
        (title("region"), inline_md(region_label(book, case))),
        ("年度・事業", inline_md(year_label(book, case))),
        (tax["role"].label, "、".join(facet_link(book, "role", k) for k in case.keys("role"))),
        (tax["partner"].label, key_labels(book, case, "partner")),
    ]
    for facet in ("collaboration_point", "coordinator_point", "agency_point", "stance",
                  "center_function", "policy_direction"):
        if case.keys(facet):
            rows.append((tax[facet].label, key_labels(book, case, facet)))
    if case.keys("tag"):
        rows.append((title("tags"), "、".join(inline_md(k) for k in case.keys("tag"))))
    if case.updated:
        rows.append((title("updated"), inline_md(case.updated)))
    lines = ['<div class="cb-card" markdown>', ""]
    for term, value in rows:
        lines += [inline_md(term), f":   {value}", ""]
    return lines + ["</div>", ""]


def body(book: Casebook, case: Case, abbreviations: dict[str, str], level: int = 2, anchors: bool = False) -> list[str]:
    """The body sections (the field table's, in schema order), then the discussion questions, as headings of `level` (steps one
    deeper). With `anchors` every heading gets an explicit id prefixed with the case id
    ({#c01-context}, {#c01-step-1}), for pages that hold several cases."""
    mark, sub = "#" * level, "#" * (level + 1)

    def anchor(name: str) -> str:
        return f" {{#{case.id}-{name}}}" if anchors else ""
    out = []
    for section in book.fields.body():
        name, title = section.name, section.title
        out += [f"{mark} {title}{anchor(name)}", ""]
        if name != "steps":
            out += [prose_block(getattr(case, name), abbreviations), ""]
            continue
        for number, step in enumerate(case.steps, 1):
            out += [f"{sub} {number}. {inline_md(step.title)}{anchor(f'step-{number}')}", "",
                    prose_block(step.detail, abbreviations), ""]
    if case.discussion_questions:
        out += [f"{mark} {book.fields.title('discussion_questions')}{anchor('questions')}", ""]
        out += [f"{i}. {inline_md(q)}" for i, q in enumerate(case.discussion_questions, 1)] + [""]
    return out


def render_case(book: Casebook, case: Case, abbreviations: dict[str, str], base: str | None = None) -> str:
    """`base` is the public site URL used for the handout's address and QR code (see qr.py)."""
    tax = book.taxonomy
    meta = {"title": case.display_title, "description": case.summary}
    if case.is_draft:     # no tags: the tags page would list it; not in search either
        meta["search"] = {"exclude": True}
    elif case.keys("tag"):
        meta["tags"] = list(case.keys("tag"))
    out = [front_matter(meta), f"# {inline_md(case.display_title)}", ""]
    if case.is_draft:
        out += ['!!! warning "下書き"', "", f"    {DRAFT_NOTICE}", ""]
    if case.is_sample:
        out += ['!!! warning "サンプル事例"', "", f"    {SAMPLE_NOTICE}", ""]
    if case.status == "withdrawn":
        out += ['!!! danger "取り下げた事例"', "", "    この事例は取り下げました。記録のためにページを残しています。"]
        if book.shown(case.replaced_by):
            out[-1] += f"代わりに {case_link(book.shown(case.replaced_by))} をご覧ください。"
        out += [""]
    out += [inline_md(case.summary), ""]
    out += _card(book, case)
    out += body(book, case, abbreviations)
    similar = book.similar_region(case)
    if similar:
        out += ["## 地域が似ている事例", ""]
        for other in similar:
            shared = [tax[n].label_of(other.region[n]) for n in book.fields.region() if other.region[n] == case.region[n]]
            out.append(f"- {case_link(other)} — 共通点: {inline_md('・'.join(shared))}")
        out.append("")
    related = book.related_cases(case)
    if related:
        out += ["## 関連する事例", ""]
        for other in related:
            shared = [tax[f].label_of(k) for f in SHARED_FACETS
                      for k in case.keys(f) if k in other.keys(f)][:4]
            why = "編集者が選んだ関連事例" if other.id in case.related else "共通点: " + "・".join(shared)
            out.append(f"- {case_link(other)} — {inline_md(why)}")
        out.append("")
    if case.source:
        page = f" {case.source['page']} ページ" if case.source.get("page") else ""
        out += ["## 出典", "", f"{inline_md(case.source['report'])}{page}", ""]
    out += [handout_block(base, case.id), ""]
    return "\n".join(out)
