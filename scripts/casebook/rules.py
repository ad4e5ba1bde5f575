"""Validation rules. Each rule: a stable code, a Japanese title, and one function.

A per-file rule takes (ctx, doc) and yields Diagnostics; a cross-file rule takes
(ctx, docs). `casebook rules` prints RULES as the table the contributor guide shows.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from .diagnostics import Diagnostic
from .load import Loaded


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    check: Callable | None = None   # None: reported by the loader or the schema pass
    cross_file: bool = False


RULES: dict[str, Rule] = {}


def describe(code: str, title: str) -> None:
    """Register a rule whose check lives in another stage (loader, schema pass)."""
    RULES[code] = Rule(code, title)


def rule(code: str, title: str, cross_file: bool = False):
    def register(func):
        RULES[code] = Rule(code, title, func, cross_file)
        return func
    return register


for _code, _title in [
    ("CB001", "YAML の書き方の誤り"),
    ("CB002", "UTF-8 でない文字コード"),
    ("CB003", "タブ文字"),
    ("CB004", "重複したキー"),
    ("CB005", "アンカー・エイリアス・マージキー"),
    ("CB006", "明示的なタグ（!!str など）"),
    ("CB007", "使えない制御文字"),
    ("CB008", "大きさの上限（ファイル 200 KB、入れ子、要素の数、整数の桁数）"),
    ("CB009", "通常のファイルでないもの（シンボリックリンク・フォルダ・FIFO など）"),
    ("CB010", "定義されていない項目"),
    ("CB011", "必須項目の不足"),
    ("CB012", "分類にない値"),
    ("CB013", "値の型の誤り（文字列・一覧など）"),
    ("CB014", "値の長さ・形式・個数の誤り"),
    ("CB015", "事例ファイルの名前の誤り（c22.yml など）"),
    ("CB060", "分類ファイル（taxonomy.yml）の誤り"),
    ("CB061", "用語集ファイル（glossary.yml）の誤り"),
    ("CB062", "研修セットの進行メモ（facilitation.yml）の誤り"),
]:
    describe(_code, _title)


INDENT = re.compile(" *")


def text_pos(doc: Loaded, path: tuple, offset: int) -> tuple[int, int]:
    """Position of character `offset` inside the string value at path.

    Exact for literal block scalars (`|`) and single-line scalars, which is how
    case files write text; for folded multi-line scalars it falls back to the
    value's start.
    """
    node = doc.nodes.get(tuple(path))
    if node is None:
        return doc.pos(path)
    row, col_in_row = _row_col(doc, node, offset)
    start_line, start_col = node.start_mark.line, node.start_mark.column
    if node.style == "|":
        line_index = start_line + 1 + row
        if line_index < len(doc.lines):
            source = doc.lines[line_index]
            indent = INDENT.match(source).end()   # not lstrip: that copies a long line per finding
            return line_index + 1, indent + col_in_row + 1
    if row == 0 and node.start_mark.line == node.end_mark.line:
        quote = 1 if node.style in ("'", '"') else 0
        return start_line + 1, start_col + quote + col_in_row + 1
    return start_line + 1, start_col + 1


def _row_col(doc: Loaded, node, offset: int) -> tuple[int, int]:
    """(row, column) of offset in a value, from a table of its line starts built once per node."""
    tables = doc.__dict__.setdefault("_line_starts", {})
    starts = tables.get(id(node))
    if starts is None:
        starts = tables[id(node)] = [0] + [m.end() for m in re.finditer("\n", node.value)]
    row = bisect.bisect_right(starts, offset) - 1
    return row, offset - starts[row]


def items(data: dict, key: str) -> list:
    """data[key] if it is a list, else [] (a wrong type is the schema pass's to report)."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def string_fields(data, path=()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from string_fields(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from string_fields(value, path + (i,))


def doc_strings(doc: Loaded) -> list[tuple[tuple, str]]:
    """Every (path, text) of a file, listed once: a dozen rules read them."""
    if "_strings" not in doc.__dict__:
        doc.__dict__["_strings"] = list(string_fields(doc.data))
    return doc.__dict__["_strings"]


def markdown_paths(ctx, data) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every field that allows the Markdown subset."""
    for name in ctx.markdown_fields:
        if isinstance(data.get(name), str):
            yield (name,), data[name]
    for i, step in enumerate(items(data, "steps")):
        if isinstance(step, dict) and isinstance(step.get("detail"), str):
            yield ("steps", i, "detail"), step["detail"]


def _diag(doc, path, offset, code, message, hint) -> Diagnostic:
    line, col = text_pos(doc, path, offset) if offset is not None else doc.pos(path)
    return Diagnostic(doc.rel, line, col, code, message, hint)


# --- identity and cross-references ---------------------------------------------------

CASE_ID = re.compile(r"c[0-9]{2,4}")


@rule("CB020", "ID とファイル名の不一致")
def check_id_matches_file(ctx, doc: Loaded):
    case_id = doc.data.get("id")
    stem = doc.rel.rsplit("/", 1)[-1].removesuffix(".yaml")
    # An id of the wrong form (c９９, case99) is the schema's CB014 to name: one mistake, one error.
    if isinstance(case_id, str) and case_id != stem and CASE_ID.fullmatch(case_id):
        yield _diag(doc, ("id",), None, "CB020", f"id '{case_id}' がファイル名 '{stem}.yaml' と一致しません",
                    f"id を '{stem}' にするか、ファイル名を '{case_id}.yaml' にしてください")


@rule("CB021", "ID の重複", cross_file=True)
def check_unique_ids(ctx, docs: list[Loaded]):
    first: dict[str, Loaded] = {}
    for doc in docs:
        case_id = doc.data.get("id")
        if not isinstance(case_id, str):
            continue
        if case_id in first:
            yield _diag(doc, ("id",), None, "CB021", f"id '{case_id}' は {first[case_id].rel} でも使われています",
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
                yield _diag(doc, path, None, "CB022", f"事例 '{target}' はありません",
                            "cases/ にある事例の id を書いてください")


@rule("CB023", "自分自身への参照")
def check_no_self_reference(ctx, doc: Loaded):
    case_id = doc.data.get("id")
    if not isinstance(case_id, str):
        return
    for i, target in enumerate(items(doc.data, "related")):
        if target == case_id:
            yield _diag(doc, ("related", i), None, "CB023", "related に自分自身の id があります", "この行を削除してください")
    if doc.data.get("replaced_by") == case_id:
        yield _diag(doc, ("replaced_by",), None, "CB023", "replaced_by に自分自身の id があります", "代わりに案内する別の事例の id を書いてください")


@rule("CB024", "replaced_by は取り下げた事例だけ")
def check_replaced_by_only_when_withdrawn(ctx, doc: Loaded):
    if "replaced_by" in doc.data and doc.data.get("status") != "withdrawn":
        yield _diag(doc, ("replaced_by",), None, "CB024", "replaced_by は status: withdrawn の事例にだけ書けます",
                    "status を withdrawn にするか、replaced_by を削除してください")


@rule("CB025", "年度・事業の種類は公開する事例（published）に必須")
def check_year_and_program_unless_sample(ctx, doc: Loaded):
    # Samples may leave them out (DESIGN.md "Content honesty"): where given they are shown as 架空の設定.
    # Withdrawn cases keep what they had (a withdrawn sample has no year).
    if doc.data.get("status") != "published":
        return
    for name in ("fiscal_year", "program"):
        if name not in doc.data:
            yield _diag(doc, (), None, "CB025", f"'{name}'（{ctx.field_titles.get(name, name)}）がありません",
                        "実際の事例には年度と事業の種類を書いてください（省略できるのは架空のサンプルと取り下げた事例だけです）")


# --- content ---------------------------------------------------------------------------

@rule("CB030", "空の本文セクション")
def check_sections_not_blank(ctx, doc: Loaded):
    for path, text in markdown_paths(ctx, doc.data):
        if not text.strip():
            title = ctx.field_titles.get(path[0], path[0])
            yield _diag(doc, path, None, "CB030", f"「{title}」が空です", "このセクションの内容を書いてください")
    for i, step in enumerate(items(doc.data, "steps")):
        if isinstance(step, dict) and isinstance(step.get("title"), str) and not step["title"].strip():
            yield _diag(doc, ("steps", i, "title"), None, "CB030", "手順の見出しが空です", "手順を短く表す見出しを書いてください")


PLACEHOLDER = re.compile(r"【要記入】|\bTODO\b|\bFIXME\b")


@rule("CB031", "テンプレートの記入例が残っている")
def check_no_placeholder(ctx, doc: Loaded):
    for path, text in doc_strings(doc):
        if not any(mark in text for mark in ("【要記入】", "TODO", "FIXME")):   # the regex is slow on long text
            continue
        for match in PLACEHOLDER.finditer(text):
            yield _diag(doc, path, match.start(), "CB031", f"記入前の目印「{match.group()}」が残っています",
                        "目印を消して、実際の内容に書き換えてください")


# --- Markdown subset and HTML safety ---------------------------------------------------

RAW_HTML = re.compile(r"<(?!https?://[^<>\s]+>)[A-Za-z/!?]")
# The label of a reference definition stops at any bracket (as in Python-Markdown), so that many
# lines starting with "[" are each scanned once, not to the end of the text.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)>\s]*)|^\s{0,3}\[[^\[\]]+\]:\s*<?(\S+?)>?\s*$|<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>", re.M)
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
ALLOWED_SCHEMES = {"http", "https", "mailto"}
ATTR_LIST = re.compile(r"\{:|\{\s*[#.][\w-]|\{[^{}\n]*\b[\w-]+\s*=")
HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)", re.M)
IMAGE = re.compile(r"!\[")


@rule("CB040", "HTML タグ")
def check_no_raw_html(ctx, doc: Loaded):
    for path, text in doc_strings(doc):
        match = RAW_HTML.search(text)
        if match:
            yield _diag(doc, path, match.start(), "CB040", "HTML タグは使えません",
                        "タグを削除し、強調は **太字**、箇条書きは「- 」で書いてください")


@rule("CB041", "許可されていないリンク先（javascript: など）")
def check_link_schemes(ctx, doc: Loaded):
    for path, text in markdown_paths(ctx, doc.data):
        for match in LINK_TARGET.finditer(text):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            target = html.unescape(match.group(group))
            target = re.sub(r"[\x00-\x20\x7f]", "", target)
            scheme = SCHEME.match(target)
            if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
                yield _diag(doc, path, match.start(group), "CB041", f"リンク先に {scheme.group(1)}: は使えません",
                            "リンクは https://、http://、mailto: かサイト内の相対パスだけにしてください")


@rule("CB042", "属性指定（{: ...} など）")
def check_no_attr_list(ctx, doc: Loaded):
    for path, text in markdown_paths(ctx, doc.data):
        match = ATTR_LIST.search(text)
        if match:
            yield _diag(doc, path, match.start(), "CB042", "属性指定 { ... } は使えません",
                        "波かっこの部分を削除してください（見た目はサイト側で整えます）")


@rule("CB043", "本文中の見出し（#）")
def check_no_headings(ctx, doc: Loaded):
    for path, text in markdown_paths(ctx, doc.data):
        match = HEADING.search(text)
        if match:
            yield _diag(doc, path, match.start(), "CB043", "本文の中に見出し（#）は書けません",
                        "見出しはページが自動で付けます。行頭の # を削除するか、**太字** にしてください")


@rule("CB044", "画像")
def check_no_images(ctx, doc: Loaded):
    for path, text in markdown_paths(ctx, doc.data):
        match = IMAGE.search(text)
        if match:
            yield _diag(doc, path, match.start(), "CB044", "画像は使えません",
                        "画像の代わりに文章で説明してください（外部への読み込みを避けるため）")
