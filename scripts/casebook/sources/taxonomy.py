"""The taxonomy (cases/taxonomy.yml): facet keys, labels and descriptions, as data."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..core.diagnostics import CasebookError, Diagnostic
from ..core.project import Project
from .load import load_file

# Every taxonomy whose keys are a fixed contract (ARCHITECTURE.md「変えてはいけない約束」); the file must define each of them.
REQUIRED = (
    "block", "theme", "role", "collaboration_point", "coordinator_point", "agency_point",
    "stance", "center_function", "policy_direction", "population_band", "area_type",
    "resource_level", "fiscal_year", "program", "status", "partner", "tag",
)


@dataclass(frozen=True)
class Value:
    key: str
    label: str
    description: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    description: str
    values: tuple[Value, ...]
    to_confirm: bool = False
    note: str = ""

    def keys(self) -> list[str]:
        return [v.key for v in self.values]

    def label_of(self, key: str) -> str:
        return self._labels.get(key, key)

    @functools.cached_property
    def _labels(self) -> dict[str, str]:
        """key -> label, built once (the renderers ask for a label per case and cell)."""
        return {v.key: v.label for v in reversed(self.values)}

    def get(self, key: str) -> Value:
        return next(v for v in self.values if v.key == key)


# Keys become URL parts, file names and query values: nothing else may reach a path.
# Tags are the one facet written in Japanese (shown as they are); they too are letters, digits and
# "-" only: no dot, slash, space or other character that could move a path.
KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
TAG_KEY = re.compile(r"[^\W_][\w-]*")
FACET_NAME = re.compile(r"[a-z][a-z0-9_]*")


class Taxonomy(dict):
    """name -> Facet, in file order."""


def _problem(rel, loaded, path, message, hint="", key=False) -> Diagnostic:
    line, col = loaded.pos(path, key=key)
    return Diagnostic(rel, line, col, "CB060", message, hint or "cases/taxonomy.yml の先頭の説明に沿って直してください")


def load_taxonomy(project: Project) -> Taxonomy:
    rel = project.rel(project.taxonomy_file)
    loaded, problems = load_file(project.taxonomy_file, rel)
    if loaded is None:
        raise CasebookError(problems)
    taxonomy = Taxonomy()
    data = loaded.data if isinstance(loaded.data, dict) else {}
    if not data:
        raise CasebookError([_problem(rel, loaded, (), "分類の定義がありません")])
    for name in REQUIRED:
        if name not in data:
            problems.append(_problem(rel, loaded, (), f"分類 '{name}' がありません", f"'{name}:' の定義を追加してください"))
    for name, spec in data.items():
        if not FACET_NAME.fullmatch(name):
            problems.append(_problem(rel, loaded, (name,), f"分類名 '{name[:40]}' に使えない文字があります",
                                     "分類名は半角英小文字・数字・_ で書いてください（例: collaboration_point）", key=True))
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("values"), list) or not spec["values"]:
            problems.append(_problem(rel, loaded, (name,), f"分類 '{name}' に values の一覧がありません"))
            continue
        values, seen = [], set()
        for i, item in enumerate(spec["values"]):
            ok = isinstance(item, dict) and all(isinstance(item.get(k), str) and item.get(k) for k in ("key", "label", "description"))
            if not ok:
                problems.append(_problem(rel, loaded, (name, "values", i), f"分類 '{name}' の値には key・label・description が必要です"))
                continue
            if not (TAG_KEY if name == "tag" else KEY).fullmatch(item["key"]):
                problems.append(_problem(rel, loaded, (name, "values", i, "key"),
                                         f"分類 '{name}' のキー '{item['key'][:40]}' に使えない文字があります",
                                         "キーは半角英小文字・数字・- で、英小文字か数字から始めてください（例: type-b）"))
                continue
            if item["key"] in seen:
                problems.append(_problem(rel, loaded, (name, "values", i, "key"), f"分類 '{name}' のキー '{item['key']}' が重複しています"))
                continue
            seen.add(item["key"])
            values.append(Value(item["key"], item["label"], item["description"]))
        taxonomy[name] = Facet(name, str(spec.get("label", name)), str(spec.get("description", "")),
                               tuple(values), bool(spec.get("to_confirm", False)), str(spec.get("note", "")))
    if problems:
        raise CasebookError(problems)
    return taxonomy
