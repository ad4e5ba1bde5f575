"""Strict YAML loading that keeps the position of every node.

PyYAML's safe_load keeps the last duplicate key and turns `yes`, `030` or
`2024-01-01` into bool/int/date behind the editor's back. We compose the node
tree instead and build plain values ourselves, so every value keeps its
line/column and nothing is coerced except true/false, null and plain integers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

Path_ = tuple  # a JSON-pointer-like tuple of keys and indexes

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


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


class _Reject(Exception):
    def __init__(self, code: str, mark, message: str, hint: str):
        super().__init__(message)
        self.code, self.mark, self.message, self.hint = code, mark, message, hint


# LibYAML (C) when PyYAML was built with it: ten times faster on the same events and marks.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    # _scalar decides what a plain scalar is, so the composer need not try PyYAML's regular
    # expressions (bool, int, float, timestamp ...) on every scalar first.
    yaml_implicit_resolvers: dict = {}


def _refuse_anchors_and_tags(text: str) -> None:
    """Walk the event stream once and refuse aliases, anchors and explicit tags."""
    for event in yaml.parse(text, Loader=_Loader):
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


# LibYAML's English problem texts, said in Japanese (unknown ones are shown as they are).
PROBLEMS = {
    "mapping values are not allowed in this context": "この位置に「キー: 値」は書けません（字下げのずれか、値の中の「: 」）",
    "could not find expected ':'": "「:」が見つかりません（「キー: 値」の形にしてください）",
    "found unexpected end of stream": "ファイルの終わりまでに閉じられていない部分があります",
    "did not find expected key": "キーが見つかりません（字下げがずれています）",
    "did not find expected '-' indicator": "「- 」で始まる一覧の形が崩れています",
    "found character that cannot start any token": "この文字から値を始めることはできません（\"...\" で囲んでください）",
    "found unknown escape character": "\"...\" の中に使えない \\ の組み合わせがあります",
    "did not find expected node content": "値が見つかりません",
    "expected <block end>, but found '<scalar>'": "字下げがそろっていないか、引用符が閉じられていません",
    "expected <block end>, but found '<block mapping start>'": "字下げがそろっていません",
    "expected <block end>, but found '<block sequence start>'": "字下げがそろっていません",
    "found a tab character that violates indentation": "字下げにタブ文字があります",
}


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Diagnostic(rel, line, col, "CB002", "UTF-8 として読めないバイトがあります",
                                 "ファイルを UTF-8（BOM なし）で保存し直してください")]
    return text.removeprefix("\ufeff"), []


def _tabs(text: str, rel: str) -> list[Diagnostic]:
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
        return int(value)
    return value


def _build(node, path: Path_, loaded: Loaded, problems: list[Diagnostic]) -> Any:
    loaded.nodes[path] = node
    if isinstance(node, yaml.ScalarNode):
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


def load_text(text: str, rel: str) -> tuple[Loaded | None, list[Diagnostic]]:
    problems = _tabs(text, rel)
    if problems:
        return None, problems
    try:
        _refuse_anchors_and_tags(text)
        root = yaml.compose(text, Loader=_Loader)
    except _Reject as exc:
        return None, [Diagnostic(rel, exc.mark.line + 1, exc.mark.column + 1, exc.code, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "YAML として読めません"
        problem = PROBLEMS.get(problem, problem)
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            problem += f"（{exc.context_mark.line + 1} 行目 {exc.context_mark.column + 1} 列からの続きで見つかりました）"
        return None, [Diagnostic(rel, line, col, "CB001", f"YAML の書き方に誤りがあります: {problem}",
                                 "字下げ（半角スペース）と「キー: 値」の形、引用符の閉じ忘れを確かめてください")]
    loaded = Loaded(rel=rel, data=None, lines=text.splitlines())
    if root is None:
        return None, [Diagnostic(rel, 1, 1, "CB001", "ファイルが空です", "テンプレート（casebook new）から書き始めてください")]
    loaded.data = _build(root, (), loaded, problems)
    return (None if problems else loaded), problems


def load_file(path: Path, rel: str) -> tuple[Loaded | None, list[Diagnostic]]:
    text, problems = _decode(path.read_bytes(), rel)
    if text is None:
        return None, problems
    return load_text(text, rel)
