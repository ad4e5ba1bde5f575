"""The case JSON Schema (cases/case.schema.json), with taxonomy values filled in.

The schema file is the one source for field names, types and Japanese help text;
properties marked `x-taxonomy: NAME` take their allowed values from taxonomy.yml.
`casebook schema` writes those values (with their labels) into the file so that
editors using yaml-language-server get completion; the validator fills them in
from the taxonomy itself, so a stale file can never let a bad value through.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from ..core.project import Project
from .taxonomy import Taxonomy


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def fill_enums(schema: dict, taxonomy: Taxonomy) -> dict:
    filled = copy.deepcopy(schema)
    for node in _walk(filled):
        name = node.get("x-taxonomy")
        if name:
            facet = taxonomy[name]
            node["enum"] = facet.keys()
            node["enumDescriptions"] = [f"{v.label}: {v.description}" for v in facet.values]
            node["markdownEnumDescriptions"] = [f"**{v.label}** — {v.description}" for v in facet.values]
    return filled


def read_schema(project: Project) -> dict:
    return json.loads(project.schema_file.read_text(encoding="utf-8"))


def schema_text(project: Project, taxonomy: Taxonomy) -> str:
    """The schema file's content as `casebook schema` writes it."""
    return json.dumps(fill_enums(read_schema(project), taxonomy), ensure_ascii=False, indent=2) + "\n"
