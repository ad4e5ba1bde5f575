"""Workshop sets: one printable page per theme and per block (docs/cases/workshop/...).

A set starts with a cover (its cases, the 基幹型 roles they show, every discussion question)
and then holds each case in order; print.css starts every case on a new sheet. A cover of up
to ONE_SHEET_COVER cases is one A4 sheet; a longer set's questions get a sheet of their own.
Anchors are explicit ({#c01-context}) because the same section titles repeat per case.
"""
from __future__ import annotations

from ..model import Case, Casebook
from .case import SAMPLE_NOTICE, _card, body, case_link, facet_link, front_matter
from .markup import inline_md
from .qr import handout_block

SET_FACETS = ("theme", "block")
# A set is for one workshop: beyond this many cases it holds the first ones and points to the
# full list (every case also prints on its own). It also keeps the site small at 1,000 cases.
SET_LIMIT = 12
# Up to this many cases the whole cover (notes, case list, roles, every question) fits one A4
# sheet at a legible size. A longer set (a theme set holds 7 cases, 21 questions) would spill a
# few questions onto a second sheet, so its questions start a sheet of their own instead
# (cb-ws-cover--two-sheets in print.css): sheet 1 plans the session, sheet 2 can go to the groups.
# tests/trainers/test_print_sets.py prints every set and checks both layouts.
ONE_SHEET_COVER = 3


def workshop_path(facet: str, key: str) -> str:
    return f"/cases/workshop/{facet}/{key}.md"


def _notes(note) -> list[str]:
    """Facilitator notes (cases/facilitation.yml) for the trainer, escaped like all data."""
    if note is None:
        return []
    out = ["## 進行メモ（講師用） {#facilitation}", "", f"**ねらい**: {inline_md(note.aim)}", "", "**時間配分の例**", ""]
    out += [f"- {inline_md(t)}" for t in note.timing] + ["", "**論点の例**", ""]
    return out + [f"- {inline_md(i)}" for i in note.issues] + [""]


def _cover(book: Casebook, facet: str, key: str, cases: list[Case], total: int, note=None) -> list[str]:
    tax = book.taxonomy
    value = tax[facet].get(key)
    two_sheets = len(cases) > ONE_SHEET_COVER
    out = [f'<div class="cb-ws-cover{" cb-ws-cover--two-sheets" if two_sheets else ""}" markdown>', ""]
    out += [f"{inline_md(tax[facet].label)}「{inline_md(value.label)}」の事例 {len(cases)} 件を、研修でそのまま使えるように"
            "まとめたページです。印刷すると、" + ("表紙（1枚目）と事例検討の問い（2枚目）" if two_sheets else "この表紙")
            + "のあとに事例が1件ずつ新しいページから始まります。", ""]
    if total > len(cases):
        out += [f"この{inline_md(tax[facet].label)}の事例は全部で {total} 件あります。このセットには番号順に最初の "
                f"{len(cases)} 件を収めています。ほかの事例は[{inline_md(value.label)}の事例一覧](/cases/{facet}/{key}.md)"
                "から開き、1件ずつ印刷してください。", ""]
    out += [f"{inline_md(tax[facet].label)}について: {inline_md(value.description)}"
            + ("（名称と範囲は要確認）" if tax[facet].to_confirm else ""), ""]
    if any(c.is_sample for c in cases):
        out += ["「（架空のサンプル）」と付いた事例は説明用に作成したもので、実在のセンター・地域・人物とは関係なく、"
                "調査事業の事例でもありません。研修の始めに、参加者にそのことを伝えてください。", ""]
    out += _notes(note)
    out += ["## この研修セットの事例 {#cases}", ""]
    out += [f"{i}. {case_link(c)}" for i, c in enumerate(cases, 1)] + [""]
    out += ["## 事例に見られる基幹型の役割 {#roles}", ""]
    for role in tax["role"].values:
        ids = [c.id for c in cases if role.key in c.keys("role")]
        if ids:
            out.append(f"- {facet_link(book, 'role', role.key)}（{len(ids)} 件: {'、'.join(ids)}）"
                       f" — {inline_md(role.description)}")
    out += ["", '<div class="cb-ws-questions" markdown>', "", "## 事例検討の問い {#questions}", ""]
    asked = [c for c in cases if c.discussion_questions]
    if not asked:
        out += ["この研修セットの事例には、まだ事例検討の問いがありません。", ""]
    for c in asked:    # one block per case, so a page break never falls inside a case's questions
        out += ['<div class="cb-ws-q" markdown>', "", f"### {inline_md(c.id + ' ' + c.display_title)} {{#questions-{c.id}}}", ""]
        out += [f"{i}. {inline_md(q)}" for i, q in enumerate(c.discussion_questions, 1)] + ["", "</div>", ""]
    return out + ["</div>", "", "</div>", ""]


def _case_section(book: Casebook, case: Case, abbreviations: dict[str, str], base: str | None) -> list[str]:
    cid = case.id
    out = ['<div class="cb-ws-case" markdown>', "", f"## {inline_md(cid + ' ' + case.display_title)} {{#{cid}}}", ""]
    if case.is_sample:
        out += [f'<p class="cb-ws-sample"><strong>サンプル事例</strong>: {SAMPLE_NOTICE.replace("**", "")}</p>', ""]
    out += [inline_md(case.summary), ""] + _card(book, case)
    out += body(book, case, abbreviations, level=3, anchors=True)
    out += [handout_block(base, cid), ""]
    return out + ["</div>", ""]


def render_set(book: Casebook, facet: str, key: str, abbreviations: dict[str, str], base: str | None,
               note=None) -> str:
    value = book.taxonomy[facet].get(key)
    kind = book.taxonomy[facet].label
    title = f"研修セット: {value.label}" if value.label.endswith(kind) else f"研修セット: {kind}「{value.label}」"
    every = book.with_key(facet, key)
    cases = every[:SET_LIMIT]
    meta = {"title": title, "description": f"{kind}「{value.label}」の事例をまとめた印刷用の研修セット"}
    out = [front_matter(meta), f"# {inline_md(title)}", ""]
    out += _cover(book, facet, key, cases, len(every), note)
    for case in cases:
        out += _case_section(book, case, abbreviations, base)
    return "\n".join(out)


def render_set_list(book: Casebook) -> str:
    """The list of sets included by docs/trainers.md (snippet workshops.md)."""
    out = []
    for facet in SET_FACETS:
        spec = book.taxonomy[facet]
        out += [f"**{inline_md(spec.label)}別**", ""]
        for value in spec.values:
            count = len(book.with_key(facet, value.key))
            out.append(f"- [{inline_md(value.label)}]({workshop_path(facet, value.key)})（{count} 件）")
        out.append("")
    return "\n".join(out)


def render_workshop(book: Casebook, abbreviations: dict[str, str], base: str | None, notes=None) -> dict[str, str]:
    pages = {f"workshop/{facet}/{value.key}.md": render_set(book, facet, value.key, abbreviations, base,
                                                            notes.for_set(facet, value.key) if notes else None)
             for facet in SET_FACETS for value in book.taxonomy[facet].values}
    pages["_parts/workshops.md"] = render_set_list(book)
    return pages
