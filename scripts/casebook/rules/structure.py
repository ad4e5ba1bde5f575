"""Rules on a case's identity, references and content (CB020-CB031)."""
from __future__ import annotations

import re

from ..sources.load import Loaded
from .positions import diagnostic_at, doc_strings, items, markdown_paths
from .registry import rule

# --- identity and cross-references ---------------------------------------------------

CASE_ID = re.compile(r"c[0-9]{2,4}")


@rule("CB020", "ID とファイル名の不一致")
def check_id_matches_file(ctx, doc: Loaded):
    case_id = doc.data.get("id")
    stem = doc.rel.rsplit("/", 1)[-1].removesuffix(".yaml")
    # An id of the wrong form (c９９, case99) is the schema's CB014 to name: one mistake, one error.
    if isinstance(case_id, str) and case_id != stem and CASE_ID.fullmatch(case_id):
        yield diagnostic_at(doc, ("id",), None, "CB020", f"id '{case_id}' がファイル名 '{stem}.yaml' と一致しません",
                    f"id を '{stem}' にするか、ファイル名を '{case_id}.yaml' にしてください")


@rule("CB021", "ID の重複", cross_file=True)
def check_unique_ids(ctx, docs: list[Loaded]):
    first: dict[str, Loaded] = {}
    for doc in docs:
        case_id = doc.data.get("id")
        if not isinstance(case_id, str):
            continue
        if case_id in first:
            yield diagnostic_at(doc, ("id",), None, "CB021", f"id '{case_id}' は {first[case_id].rel} でも使われています",
                        "使われていない次の番号にしてください（casebook new が空き番号を選びます）")
        else:
            first[case_id] = doc


@rule("CB022", "存在しない事例 ID への参照", cross_file=True)
def check_references_exist(ctx, docs: list[Loaded]):
    # A file that exists but failed to load still counts: its own error is reported.
    known = {d.data.get("id") for d in docs if isinstance(d.data.get("id"), str)} | getattr(ctx, "file_ids", set())
    for doc in docs:
        refs = [(("related", i), v) for i, v in enumerate(items(doc.data, "related"))]
        if "replaced_by" in doc.data:
            refs.append((("replaced_by",), doc.data["replaced_by"]))
        for path, target in refs:
            if isinstance(target, str) and target not in known:
                yield diagnostic_at(doc, path, None, "CB022", f"事例 '{target}' はありません",
                            "cases/ にある事例の id を書いてください")


@rule("CB023", "自分自身への参照")
def check_no_self_reference(ctx, doc: Loaded):
    case_id = doc.data.get("id")
    if not isinstance(case_id, str):
        return
    for i, target in enumerate(items(doc.data, "related")):
        if target == case_id:
            yield diagnostic_at(doc, ("related", i), None, "CB023", "related に自分自身の id があります", "この行を削除してください")
    if doc.data.get("replaced_by") == case_id:
        yield diagnostic_at(doc, ("replaced_by",), None, "CB023", "replaced_by に自分自身の id があります",
                            "代わりに案内する別の事例の id を書いてください")


@rule("CB024", "replaced_by は取り下げた事例だけ")
def check_replaced_by_only_when_withdrawn(ctx, doc: Loaded):
    if "replaced_by" in doc.data and doc.data.get("status") != "withdrawn":
        yield diagnostic_at(doc, ("replaced_by",), None, "CB024", "replaced_by は status: withdrawn の事例にだけ書けます",
                    "status を withdrawn にするか、replaced_by を削除してください")


@rule("CB025", "年度・事業の種類は公開する事例（published）に必須")
def check_year_and_program_unless_sample(ctx, doc: Loaded):
    # Samples may leave them out (ARCHITECTURE.md「内容の誠実さ」): where given they are shown as 架空の設定.
    # Drafts may too: the requirement applies when the editor sets status: published.
    # Withdrawn cases keep what they had (a withdrawn sample has no year).
    if doc.data.get("status") != "published":
        return
    for name in ("fiscal_year", "program"):
        if name not in doc.data:
            yield diagnostic_at(doc, (), None, "CB025", f"'{name}'（{ctx.fields.title(name)}）がありません",
                        "実際の事例には年度と事業の種類を書いてください（省略できるのは下書き・架空のサンプル・取り下げた事例だけです）")


# --- content ---------------------------------------------------------------------------

@rule("CB030", "空の本文セクション")
def check_sections_not_blank(ctx, doc: Loaded):
    for path, text in markdown_paths(ctx, doc.data):
        if not text.strip():
            title = ctx.fields.title(path[0])
            yield diagnostic_at(doc, path, None, "CB030", f"「{title}」が空です", "このセクションの内容を書いてください")
    for i, step in enumerate(items(doc.data, "steps")):
        if isinstance(step, dict) and isinstance(step.get("title"), str) and not step["title"].strip():
            yield diagnostic_at(doc, ("steps", i, "title"), None, "CB030", "手順の見出しが空です", "手順を短く表す見出しを書いてください")


PLACEHOLDER = re.compile(r"【要記入】|\bTODO\b|\bFIXME\b")


@rule("CB031", "テンプレートの記入例が残っている")
def check_no_placeholder(ctx, doc: Loaded):
    for path, text in doc_strings(doc):
        if not any(mark in text for mark in ("【要記入】", "TODO", "FIXME")):   # the regex is slow on long text
            continue
        for match in PLACEHOLDER.finditer(text):
            yield diagnostic_at(doc, path, match.start(), "CB031", f"記入前の目印「{match.group()}」が残っています",
                        "目印を消して、実際の内容に書き換えてください")
