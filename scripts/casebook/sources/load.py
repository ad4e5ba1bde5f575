"""Strict YAML loading that keeps the position of every node.

PyYAML's safe_load keeps the last duplicate key and turns `yes`, `030` or
`2024-01-01` into bool/int/date behind the editor's back. We compose the node
tree ourselves from the event stream and build plain values, so every value
keeps its line/column and nothing is coerced except true/false, null and plain
integers.

Every data file is input from a pull request, so reading is bounded before
YAML sees a byte: only regular files (no symlink, FIFO, device or folder; a
FIFO would block and /dev/zero would never end), at most `Limits.max_bytes`,
strict UTF-8 without control characters, and while composing, at most
`max_depth` levels of nesting and `max_items` entries per list or mapping
(LibYAML's flow scanner is quadratic in the nesting depth, jsonschema's
uniqueItems in the list length).
"""
from __future__ import annotations

import bisect
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic
from .typos import may_be_certain
from .typos import scan as scan_typos

Path_ = tuple  # a JSON-pointer-like tuple of keys and indexes

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
MAX_INT_DIGITS = 15

# What may appear in a data file: TAB, LF, CR and the printable rest. Refused: the other C0
# controls, DEL, C1 controls (NEL included: YAML would count it as a line break that no editor
# shows), lone surrogates and U+FFFE/U+FFFF. XML 1.0 (feed.xml) cannot carry most of them.
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The line breaks YAML counts (NEL is refused above), so positions agree with its marks.
LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_depth: int = 16
    max_items: int = 500      # entries of one list or mapping
    max_nodes: int = 5_000    # values in the whole file (a real case has about 100)


CASE_LIMITS = Limits(200 * 1024)                                                # a real case is about 5 KB
DATA_LIMITS = Limits(2 * 1024 * 1024, max_items=10_000, max_nodes=200_000)      # taxonomy, glossary


def kib(limit: int) -> str:
    return f"{limit // 1024:,} KB"


@dataclass
class Loaded:
    """A parsed YAML file: plain data plus the node of every path."""

    rel: str
    data: Any
    nodes: dict = field(default_factory=dict)       # path -> value node
    key_nodes: dict = field(default_factory=dict)   # path -> key node (mapping entries)
    lines: list = field(default_factory=list)       # source lines, for column maths

    def pos(self, path: Path_ = (), key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the value (or key) at path, or its nearest ancestor."""
        path = tuple(path)
        while True:
            table = self.key_nodes if key and path in self.key_nodes else self.nodes
            node = table.get(path)
            if node is not None:
                return node.start_mark.line + 1, node.start_mark.column + 1
            if not path:
                return 1, 1
            path = path[:-1]
            key = False


class LineTable:
    """Offset -> (line, col) by bisection over the line starts: linear for any number of lookups."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]

    def pos(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.starts, offset) - 1
        return row + 1, offset - self.starts[row] + 1


class _Reject(Exception):
    def __init__(self, code: str, mark, message: str, hint: str):
        super().__init__(message)
        self.code, self.mark, self.message, self.hint = code, mark, message, hint


# LibYAML (C) when PyYAML was built with it: ten times faster on the same events and marks.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    yaml_implicit_resolvers: dict = {}


# LibYAML's English problem texts, said in Japanese (unknown ones are shown as they are).
PROBLEMS = {
    "mapping values are not allowed in this context": "この位置に「キー: 値」は書けません（字下げのずれか、値の中の「: 」）",
    "could not find expected ':'": "「:」が見つかりません（「キー: 値」の形にしてください）",
    "found unexpected end of stream": "ファイルの終わりまでに閉じられていない部分があります",
    "did not find expected key": "キーが見つかりません（字下げがずれています）",
    "did not find expected '-' indicator": "「- 」で始まる一覧の形が崩れています",
    "found character that cannot start any token": "この文字から値を始めることはできません（\"...\" で囲んでください）",
    "found unknown escape character": "\"...\" の中に使えない \\ の組み合わせがあります",
    "found invalid Unicode character escape code": "\"...\" の中の \\u の文字コードが使えません",
    "did not find expected node content": "値が見つかりません",
    "expected <block end>, but found '<scalar>'": "字下げがそろっていないか、引用符が閉じられていません",
    "expected <block end>, but found '<block mapping start>'": "字下げがそろっていません",
    "expected <block end>, but found '<block sequence start>'": "字下げがそろっていません",
    "found a tab character that violates indentation": "字下げにタブ文字があります",
}


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def control_chars(text: str, rel: str, table: LineTable | None = None) -> list[Diagnostic]:
    """CB007 for the first refused character of every line that has one."""
    found, last_line = [], 0
    for match in BAD_CHAR.finditer(text):
        table = table or LineTable(text)
        line, col = table.pos(match.start())
        if line != last_line:
            last_line = line
            found.append(Diagnostic(rel, line, col, "CB007", f"使えない制御文字（{_char_name(match.group())}）があります",
                                    "見えない文字です。その位置の文字を消して打ち直してください"))
    return found


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return None, [Diagnostic(rel, line, col, "CB002", "UTF-8 として読めないバイトがあります",
                                 "ファイルを UTF-8（BOM なし）で保存し直してください")]
    return text.removeprefix("\ufeff"), []


def _tabs(text: str, rel: str) -> list[Diagnostic]:
    if "\t" not in text:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        col = line.find("\t")
        if col >= 0:
            found.append(Diagnostic(rel, number, col + 1, "CB003", "タブ文字が含まれています",
                                    "タブを半角スペースに置き換えてください（字下げはスペース2つ）"))
    return found


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.style:      # quoted or block scalar: always text (plain is None or "")
        return node.value
    value = node.value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        if len(value.lstrip("+-")) > MAX_INT_DIGITS:
            raise _Reject("CB008", node.start_mark, f"整数が長すぎます（{len(value):,} 桁。{MAX_INT_DIGITS} 桁まで）",
                          "文字として書くときは \"...\" で囲んでください")
        return int(value)
    return value


def _check_event(event) -> None:
    """Refuse aliases, anchors and explicit tags."""
    if isinstance(event, yaml.AliasEvent):
        raise _Reject("CB005", event.start_mark, f"エイリアス *{event.anchor} は使えません",
                      "同じ内容をそのまま書いてください（アンカー・エイリアスは使えません）")
    if getattr(event, "anchor", None):
        raise _Reject("CB005", event.start_mark, f"アンカー &{event.anchor} は使えません",
                      "&名前 を削除し、値をそのまま書いてください")
    tag = getattr(event, "tag", None)
    implicit = getattr(event, "implicit", True)
    explicit = not (implicit[0] if isinstance(implicit, tuple) else implicit)
    if tag and tag != "!" and explicit:
        raise _Reject("CB006", event.start_mark, f"タグ {tag} は使えません",
                      "値の前の ! で始まる指定を削除してください")


def _compose(text: str, limits: Limits):
    """The single document's node tree, built from events so that limits stop it early."""
    root, stack, documents, nodes = None, [], 0, 0   # stack entries: [collection node, pending key node]

    def attach(node) -> None:
        nonlocal root, nodes
        nodes += 1
        if nodes > limits.max_nodes:
            raise _Reject("CB008", node.start_mark, f"値が多すぎます（1ファイルに {limits.max_nodes:,} 個まで）",
                          "1つのファイルに1件の事例だけを書いてください")
        if not stack:
            root = node
            return
        entry = stack[-1]
        parent = entry[0]
        if parent.__class__ is yaml.SequenceNode:
            parent.value.append(node)
        elif entry[1] is None:
            entry[1] = node
            return
        else:
            parent.value.append((entry[1], node))
            entry[1] = None
        if len(parent.value) > limits.max_items:
            raise _Reject("CB008", node.start_mark, f"一覧または項目のまとまりの要素が多すぎます（{limits.max_items:,} 個まで）",
                          "内容を分けるか、減らしてください")

    # Dispatch on the event's class (PyYAML and LibYAML make these classes, not subclasses).
    for event in yaml.parse(text, Loader=_Loader):
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                _check_event(event)
            attach(yaml.ScalarNode(event.tag, event.value, event.start_mark, event.end_mark, style=event.style))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()[0].end_mark = event.end_mark
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                _check_event(event)
            node_kind = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
            node = node_kind(event.tag, [], event.start_mark, event.start_mark, flow_style=event.flow_style)
            attach(node)
            stack.append([node, None])
            if len(stack) > limits.max_depth:
                raise _Reject("CB008", event.start_mark, f"入れ子が深すぎます（{limits.max_depth} 段まで）",
                              "字下げや [ ] { } の入れ子を浅くしてください")
        elif kind is yaml.AliasEvent:
            _check_event(event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Reject("CB001", event.start_mark, "YAML の書き方に誤りがあります: 1つのファイルに2つ目の文書（---）があります",
                              "2つ目の --- から後ろを削除してください（1ファイルに1件）")
    return root


def _build(node, path: Path_, loaded: Loaded, problems: list[Diagnostic]) -> Any:
    loaded.nodes[path] = node
    if isinstance(node, yaml.ScalarNode):
        _control_in_value(node, loaded.rel, problems)
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, path + (i,), loaded, problems) for i, child in enumerate(node.value)]
    result: dict = {}
    for key_node, value_node in node.value:
        line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Diagnostic(loaded.rel, line, col, "CB001", "キーには文字列を書いてください",
                                       "「キー: 値」の形にしてください"))
            continue
        _control_in_value(key_node, loaded.rel, problems)
        key = key_node.value
        if key == "<<":
            problems.append(Diagnostic(loaded.rel, line, col, "CB005", "マージキー << は使えません",
                                       "項目をそのまま書いてください"))
            continue
        if key in result:
            first = loaded.key_nodes[path + (key,)].start_mark.line + 1
            problems.append(Diagnostic(loaded.rel, line, col, "CB004", f"キー '{key}' が重複しています（{first} 行目にもあります）",
                                       "どちらか一方を削除してください"))
            continue
        loaded.key_nodes[path + (key,)] = key_node
        result[key] = _build(value_node, path + (key,), loaded, problems)
    return result


def _control_in_value(node, rel: str, problems: list[Diagnostic]) -> None:
    """A "\\x01"-style escape puts a refused character into a value the raw text did not show. Only a
    double-quoted value has escapes; the others hold raw characters, which check_text has cleared."""
    if node.style != '"':
        return
    match = BAD_CHAR.search(node.value)
    if match:
        problems.append(Diagnostic(rel, node.start_mark.line + 1, node.start_mark.column + 1, "CB007",
                                   f"使えない制御文字（{_char_name(match.group())}）があります",
                                   "\"...\" の中の \\x や \\u による指定を削除してください"))


def check_text(text: str, rel: str) -> list[Diagnostic]:
    """Characters every data file must keep to (control characters, then tabs)."""
    return control_chars(text, rel) or _tabs(text, rel)


def load_text(text: str, rel: str, limits: Limits = CASE_LIMITS) -> tuple[Loaded | None, list[Diagnostic]]:
    problems = check_text(text, rel)
    if problems:
        return None, problems
    try:
        root = _compose(text, limits)
        loaded = Loaded(rel=rel, data=None, lines=text.splitlines())
        if root is not None:
            problems = []
            loaded.data = _build(root, (), loaded, problems)
    except _Reject as exc:
        return None, [Diagnostic(rel, exc.mark.line + 1, exc.mark.column + 1, exc.code, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        # One keyboard mistake, one error: what YAML or the schema would say about it is left out.
        syntax = _syntax(exc, rel)
        found = [t.diagnostic for t in scan_typos(text, rel)]
        if found and syntax.line >= found[0].line:    # the YAML error follows from the mistake
            return None, found
        return None, [syntax] + found
    except yaml.YAMLError:   # a reader error: the character checks above should leave none
        return None, [Diagnostic(rel, 1, 1, "CB001", "YAML として読めません", "ファイルの文字と形を確かめてください")]
    # A file YAML reads may still hold a mistake that reads as text (`ー item`, `key：value`).
    certain = [t.diagnostic for t in scan_typos(text, rel) if t.certain] if may_be_certain(text) else []
    if certain:
        return None, certain
    if root is None:
        return None, [Diagnostic(rel, 1, 1, "CB001", "ファイルが空です", "テンプレート（casebook new）から書き始めてください")]
    return (None if problems else loaded), problems


def _syntax(exc: yaml.MarkedYAMLError, rel: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "YAML として読めません"
    problem = PROBLEMS.get(problem, problem)
    if exc.context_mark and mark and exc.context_mark.line != mark.line:
        problem += f"（{exc.context_mark.line + 1} 行目 {exc.context_mark.column + 1} 列からの続きで見つかりました）"
    return Diagnostic(rel, line, col, "CB001", f"YAML の書き方に誤りがあります: {problem}",
                      "字下げ（半角スペース）と「キー: 値」の形、引用符の閉じ忘れを確かめてください")


def _not_regular(rel: str, mode: int) -> Diagnostic:
    what = ("シンボリックリンク" if stat.S_ISLNK(mode) else "フォルダ" if stat.S_ISDIR(mode)
            else "名前付きパイプ（FIFO）" if stat.S_ISFIFO(mode) else "通常のファイルでないもの（デバイスなど）")
    return Diagnostic(rel, 1, 1, "CB009", f"{what}は読みません",
                      "リンクやフォルダではなく、中身を書いた通常のファイルを置いてください")


def read_bytes(path: Path, rel: str, limit: int) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file, at most `limit`; never follows a symlink or blocks on a FIFO."""
    try:
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode):
            return None, [_not_regular(rel, mode)]
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None, [Diagnostic(rel, 1, 1, "CB009", "ファイルがありません", "ファイル名を確かめてください")]
    except OSError as exc:   # replaced by a link between lstat and open (ELOOP), or unreadable
        return None, [Diagnostic(rel, 1, 1, "CB009", f"ファイルを読めません（{exc.strerror}）",
                                 "通常のファイルとして置き直してください")]
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return None, [_not_regular(rel, mode)]
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        return None, [Diagnostic(rel, 1, 1, "CB008", f"ファイルが大きすぎます（上限 {kib(limit)}）",
                                 "1つのファイルに1件の事例だけを書き、長い部分は短くしてください")]
    return b"".join(chunks), []


def _decoded(path: Path, rel: str, limits: Limits) -> tuple[str | None, list[Diagnostic]]:
    """A data file's text: read without following links, bounded, decoded as UTF-8."""
    raw, problems = read_bytes(path, rel, limits.max_bytes)
    return (None, problems) if raw is None else _decode(raw, rel)


def read_text(path: Path, rel: str, limits: Limits = DATA_LIMITS) -> tuple[str | None, list[Diagnostic]]:
    """Checked text of any data file (bounded, UTF-8, no control characters)."""
    text, problems = _decoded(path, rel, limits)
    if text is None:
        return None, problems
    problems = control_chars(text, rel)
    return (None if problems else text), problems


def load_file(path: Path, rel: str, limits: Limits = DATA_LIMITS) -> tuple[Loaded | None, list[Diagnostic]]:
    text, problems = _decoded(path, rel, limits)
    return (None, problems) if text is None else load_text(text, rel, limits)


def read_case_text(path: Path, rel: str, limits: Limits = CASE_LIMITS) -> tuple[str | None, list[Diagnostic]]:
    """A case file's text, read as load_file reads it, for callers that look at it before
    loading (rules/file_cache.FileCache); load_text(text, ...) then says what load_file says."""
    return _decoded(path, rel, limits)
