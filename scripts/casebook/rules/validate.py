"""Validation: schema pass plus every registered rule, all errors in one run."""
from __future__ import annotations

import copy
import difflib
import functools
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError, validators

from ..core.diagnostics import CasebookError, Diagnostic, in_order
from ..core.project import Project
from ..sources.fields import Fields
from ..sources.glossary import load_glossary
from ..sources.load import CASE_LIMITS, Loaded, load_file, read_text
from ..sources.schema import fill_enums, read_schema
from ..sources.taxonomy import Taxonomy, load_taxonomy
from .registry import RULES
from .structure import PLACEHOLDER


@dataclass
class Context:
    project: Project
    taxonomy: Taxonomy
    schema: dict
    fields: Fields
    file_ids: set = None
    validator: Draft202012Validator = None

    @classmethod
    def create(cls, project: Project) -> Context:
        taxonomy = load_taxonomy(project)
        load_glossary(project)    # an editor's change to it must fail `validate` too, not only the build
        check_template(project)
        schema = fill_enums(read_schema(project), taxonomy)
        return cls(project, taxonomy, schema, Fields.from_schema(schema),
                   validator=Validator(without_unique_items(schema)))


def check_template(project: Project) -> None:
    """The template is copied into new cases and shown in the guide: same character rules."""
    if os.path.lexists(project.template_file):
        _, problems = read_text(project.template_file, project.rel(project.template_file))
        if problems:
            raise CasebookError(problems)


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern:
    """A JSON Schema (ECMA-262) pattern for Python: `$` is the end of the text, not of a line.

    In Python `$` also matches before a final newline, so "2026-11-20\\n" would pass ^...$.
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
        i += 1
    return re.compile("".join(out))


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


def without_unique_items(schema: dict) -> dict:
    """jsonschema compares unhashable items pairwise (quadratic); unique_items() checks instead."""
    stripped = copy.deepcopy(schema)
    stack = [stripped]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            node.pop("uniqueItems", None)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return stripped


def unique_items(schema: dict, data, path=()):
    """Paths of repeated items in uniqueItems lists, in one pass (unhashable items are type errors)."""
    if isinstance(data, dict):
        for key, spec in schema.get("properties", {}).items():
            if key in data:
                yield from unique_items(spec, data[key], path + (key,))
    elif isinstance(data, list):
        if schema.get("uniqueItems"):
            seen = set()
            for i, item in enumerate(data):
                if isinstance(item, (str, int, bool)):
                    if (type(item), item) in seen:
                        yield path + (i,), path
                    seen.add((type(item), item))
        if isinstance(schema.get("items"), dict):
            for i, item in enumerate(data):
                yield from unique_items(schema["items"], item, path + (i,))


def show(value, limit: int = 40) -> str:
    """A value as quoted in a message: one line, at most `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"…（{len(text):,} 文字）"


def _did_you_mean(value, choices, labels=None) -> str:
    if labels:
        for key, label in labels.items():
            if value == label:
                return f" -- '{key}' のことですか？（ラベルではなくキーを書きます）"
    if len(str(value)) > 100:    # difflib is quadratic, and no key is that long
        return ""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    if close:
        return f" -- '{close[0]}' のことですか？"
    return ""


def _schema_at(schema: dict, path) -> dict:
    node = schema
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


TYPE_NAMES = {"string": "文字列", "array": "一覧（- で始まる行）", "object": "項目のまとまり（キー: 値）",
              "integer": "整数", "boolean": "true/false"}


MAX_SHOWN = 100   # findings per check and file: a file full of one mistake need not print 30,000 lines


def capped(found) -> list[Diagnostic]:
    """The first MAX_SHOWN findings and a note that there are more; stops a lazy check early."""
    shown = list(itertools.islice(found, MAX_SHOWN + 1))
    if len(shown) > MAX_SHOWN:
        d = shown.pop()
        shown.append(Diagnostic(d.path, d.line, d.col, d.code,
                                f"ほかにも同じ検査の誤りがあります（1ファイルにつき1つの検査で最初の {MAX_SHOWN} 件まで示します）",
                                "示した箇所を直してから、もう一度検証してください"))
    return shown


def schema_diagnostics(ctx: Context, doc: Loaded) -> list[Diagnostic]:
    found = []
    for error in itertools.islice(ctx.validator.iter_errors(doc.data), MAX_SHOWN + 1):
        path = tuple(error.absolute_path)
        where = ".".join(str(p) for p in path) or "ファイル全体"
        if len(found) > MAX_SHOWN:
            break
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if len(found) > MAX_SHOWN:
                    break
                if key not in allowed:
                    line, col = doc.pos(path + (key,), key=True)
                    hint = _did_you_mean(key, allowed)
                    text = f"項目 '{show(key)}' は定義されていません"
                    found.append(Diagnostic(doc.rel, line, col, "CB010", text,
                                            hint.removeprefix(" -- ") or f"使える項目: {', '.join(allowed)}"))
            continue
        if error.validator == "required":
            missing = error.message.split("'")[1]
            title = _schema_at(ctx.schema, path + (missing,)).get("title", missing)
            line, col = doc.pos(path)
            found.append(Diagnostic(doc.rel, line, col, "CB011", f"必須項目 '{missing}'（{title}）がありません",
                                    f"'{missing}:' を追加してください（casebook new のテンプレートを参照）"))
            continue
        line, col = doc.pos(path)
        if error.validator == "enum" and PLACEHOLDER.search(str(error.instance)):
            continue    # a template placeholder: CB031 already says what to do
        if error.validator == "enum" and "x-taxonomy" in error.schema:
            facet = ctx.taxonomy[error.schema["x-taxonomy"]]
            labels = {v.key: v.label for v in facet.values}
            hint = _did_you_mean(error.instance, facet.keys(), labels).removeprefix(" -- ")
            found.append(Diagnostic(doc.rel, line, col, "CB012",
                                    f"{facet.label}（{facet.name}）に '{show(error.instance)}' は定義されていません",
                                    hint or f"使える値: {', '.join(facet.keys())}"))
        elif error.validator == "type":
            expected = TYPE_NAMES.get(error.validator_value, error.validator_value)
            found.append(Diagnostic(doc.rel, line, col, "CB013", f"{where} は{expected}で書いてください",
                                    "文字として書くときは \"...\" で囲んでください" if expected == "文字列"
                                    else f"{where} の書き方を確かめてください"))
        else:
            title = _schema_at(ctx.schema, path).get("title", where)
            found.append(Diagnostic(doc.rel, line, col, "CB014", f"「{title}」（{where}）: {_constraint(error)}",
                                    _schema_at(ctx.schema, path).get("description", "")))
    for item_path, list_path in unique_items(ctx.schema, doc.data):
        line, col = doc.pos(item_path)
        where = ".".join(str(p) for p in list_path)
        title = _schema_at(ctx.schema, list_path).get("title", where)
        found.append(Diagnostic(doc.rel, line, col, "CB014", f"「{title}」（{where}）: 同じ値が2回以上あります",
                                _schema_at(ctx.schema, list_path).get("description", "")))
    return found


def _constraint(error) -> str:
    v, value = error.validator, error.validator_value
    return {
        "minLength": f"{value} 文字以上にしてください",
        "maxLength": f"{value} 文字以内にしてください（いま {len(error.instance) if isinstance(error.instance, str) else '?'} 文字）",
        "minItems": f"{value} 個以上書いてください",
        "pattern": f"形式が違います（'{show(error.instance)}'）",
        "minimum": f"{value} 以上にしてください",
    }.get(v, error.message)


def load_cases(project: Project, files: list[Path]) -> tuple[list[Loaded], list[Diagnostic]]:
    docs, problems = [], []
    for path in files:
        doc, found = load_file(path, project.rel(path), CASE_LIMITS)
        problems += found
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Diagnostic(doc.rel, 1, 1, "CB013", "ファイル全体は「キー: 値」の項目のまとまりにしてください",
                                       "テンプレート（casebook new）の形にしてください"))
            continue
        docs.append(doc)
    return docs, problems


def validate(ctx: Context, only: list[Path] | None = None) -> tuple[list[Loaded], list[Diagnostic]]:
    """Check every case file (cross-file rules see all); report on `only` if given.

    A path in cases/ is checked by the full run (as a case, a data file or a misnamed file), so
    `validate PATH` says exactly what `validate` says about PATH; other paths are loaded as cases.
    """
    project = ctx.project
    files = project.case_files()
    cases_dir = project.cases_dir.resolve()
    only = [Path(os.path.abspath(p)) for p in only or []]
    extra = [p for p in only if p.parent.resolve() != cases_dir]
    ctx.file_ids = {p.stem for p in files + extra}
    docs, problems = load_cases(project, files + extra)
    for path, expected in project.misnamed_case_files():
        problems.append(Diagnostic(project.rel(path), 1, 1, "CB015",
                                   f"ファイル名 '{path.name}' は事例ファイルの名前（cNN.yaml）になっていません",
                                   f"事例なら '{expected}' に名前を変えてください（c と2〜4桁の半角数字、小文字の .yaml）"))
    for doc in docs:
        problems += capped(schema_diagnostics(ctx, doc))
        for rule in RULES.values():
            if rule.check and not rule.cross_file:
                problems += capped(rule.check(ctx, doc))
    for rule in RULES.values():
        if rule.check and rule.cross_file:
            problems += list(rule.check(ctx, docs))
    if only:
        wanted = {project.rel(p) for p in only}
        problems = [d for d in problems if d.path in wanted]
    return docs, in_order(set(problems))
