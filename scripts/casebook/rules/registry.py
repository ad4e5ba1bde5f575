"""The table of validation rules. Each rule: a stable code, a Japanese title, and one function.

A per-file rule takes (ctx, doc) and yields Diagnostics; a cross-file rule takes
(ctx, docs). `casebook rules` prints RULES as the table the contributor guide shows.
The rule modules register with `rule`; rules/__init__.py imports every one of them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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
