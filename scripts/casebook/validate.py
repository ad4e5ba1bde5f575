"""Validation: schema pass plus every registered rule, all errors in one run."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from . import privacy  # noqa: F401  (registers the privacy rules)
from .diagnostics import Diagnostic
from .facilitation import check_notes
from .load import Loaded, load_file
from .project import Project
from .rules import PLACEHOLDER, RULES
from .schema import field_titles, fill_enums, markdown_fields, read_schema
from .taxonomy import Taxonomy, load_taxonomy


@dataclass
class Context:
    project: Project
    taxonomy: Taxonomy
    schema: dict
    field_titles: dict
    markdown_fields: list
    file_ids: set = None
    validator: Draft202012Validator = None

    @classmethod
    def create(cls, project: Project) -> "Context":
        taxonomy = load_taxonomy(project)
        schema = fill_enums(read_schema(project), taxonomy)
        return cls(project, taxonomy, schema, field_titles(schema), markdown_fields(schema),
                   validator=Draft202012Validator(schema))


def _did_you_mean(value, choices, labels=None) -> str:
    if labels:
        for key, label in labels.items():
            if value == label:
                return f" -- '{key}' のことですか？（ラベルではなくキーを書きます）"
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    if close:
        return f" -- '{close[0]}' のことですか？"
    return ""


def _schema_at(schema: dict, path) -> dict:
    node = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return node


TYPE_NAMES = {"string": "文字列", "array": "一覧（- で始まる行）", "object": "項目のまとまり（キー: 値）",
              "integer": "整数", "boolean": "true/false"}


def schema_diagnostics(ctx: Context, doc: Loaded) -> list[Diagnostic]:
    found = []
    for error in ctx.validator.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        where = ".".join(str(p) for p in path) or "ファイル全体"
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    line, col = doc.pos(path + (key,), key=True)
                    hint = _did_you_mean(key, allowed)
                    text = f"項目 '{key}' は定義されていません"
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
                                    f"{facet.label}（{facet.name}）に '{error.instance}' は定義されていません",
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
    return found


def _constraint(error) -> str:
    v, value = error.validator, error.validator_value
    return {
        "minLength": f"{value} 文字以上にしてください",
        "maxLength": f"{value} 文字以内にしてください（いま {len(error.instance) if isinstance(error.instance, str) else '?'} 文字）",
        "minItems": f"{value} 個以上書いてください",
        "uniqueItems": "同じ値が2回以上あります",
        "pattern": f"形式が違います（'{error.instance}'）",
        "minimum": f"{value} 以上にしてください",
    }.get(v, error.message)


def load_cases(project: Project, files: list[Path]) -> tuple[list[Loaded], list[Diagnostic]]:
    docs, problems = [], []
    for path in files:
        doc, found = load_file(path, project.rel(path))
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
    """Check every case file (cross-file rules see all); report on `only` if given."""
    files = ctx.project.case_files()
    extra = [p.resolve() for p in only or [] if p.resolve() not in {f.resolve() for f in files}]
    ctx.file_ids = {p.stem for p in files + extra}
    docs, problems = load_cases(ctx.project, files + extra)
    for doc in docs:
        problems += schema_diagnostics(ctx, doc)
        for rule in RULES.values():
            if rule.check and not rule.cross_file:
                problems += list(rule.check(ctx, doc))
    for rule in RULES.values():
        if rule.check and rule.cross_file:
            problems += list(rule.check(ctx, docs))
    problems += check_notes(ctx.project, list(ctx.taxonomy["theme"].keys()))   # workshop notes (CB062)
    if only:
        wanted = {ctx.project.rel(p) for p in only}
        problems = [d for d in problems if d.path in wanted]
    return docs, sorted(set(problems))
