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
import re
from collections.abc import Callable, Iterator
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


# Keywords that only describe (titles, editor help) and never refuse a value.
_ANNOTATIONS = {"$schema", "$id", "title", "description", "enumDescriptions", "markdownEnumDescriptions",
                "default", "examples"}
_TYPES = {"string": lambda v: isinstance(v, str), "array": lambda v: isinstance(v, list),
          "object": lambda v: isinstance(v, dict), "boolean": lambda v: isinstance(v, bool),
          "integer": lambda v: type(v) is int, "null": lambda v: v is None}


def quick_check(schema: dict, search: Callable[[str], re.Pattern]) -> Callable[[Any], bool]:
    """A yes/no check for the case schema's keywords: True only for data the full JSON Schema
    validator accepts, so that its error search runs only for files that have an error.

    It knows type, enum (of strings), properties, required, additionalProperties (true/false),
    items, minItems, minLength, maxLength, pattern (through `search`, the validator's own regex
    translation) and minimum; a keyword it does not know makes it answer False for every value
    that reaches it, which sends the file to the full validator. `uniqueItems` is checked apart
    (rules/validate.py). Integers only count as integers, strings in an enum only as strings:
    anything else is left to the full validator too."""
    checks: list[Callable[[Any], bool]] = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or keyword.startswith("x-") or keyword == "uniqueItems":
            continue
        check = _keyword_check(keyword, value, schema, search)
        if check is None:
            return lambda data: False
        checks.append(check)
    return lambda data: all(check(data) for check in checks)


def _keyword_check(keyword: str, value: Any, schema: dict, search) -> Callable[[Any], bool] | None:
    if keyword == "type":
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(n in _TYPES for n in names):
            return None
        tests = [_TYPES[n] for n in names]
        return lambda data: any(test(data) for test in tests)
    if keyword == "enum":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        allowed = frozenset(value)
        return lambda data: isinstance(data, str) and data in allowed
    if keyword == "properties":
        inner = {name: quick_check(spec, search) for name, spec in value.items()}
        return lambda data: not isinstance(data, dict) or all(
            inner[name](data[name]) for name in inner if name in data)
    if keyword == "additionalProperties":
        if value is True:
            return lambda data: True
        if value is not False:
            return None
        known = frozenset(schema.get("properties", {}))
        return lambda data: not isinstance(data, dict) or known.issuperset(data)
    if keyword == "required":
        return lambda data: not isinstance(data, dict) or all(name in data for name in value)
    if keyword == "items":
        if not isinstance(value, dict):
            return None
        item = quick_check(value, search)
        return lambda data: not isinstance(data, list) or all(item(v) for v in data)
    if keyword == "minItems":
        return lambda data: not isinstance(data, list) or len(data) >= value
    if keyword == "minLength":
        return lambda data: not isinstance(data, str) or len(data) >= value
    if keyword == "maxLength":
        return lambda data: not isinstance(data, str) or len(data) <= value
    if keyword == "pattern":
        regex = search(value)
        return lambda data: not isinstance(data, str) or regex.search(data) is not None
    if keyword == "minimum":
        return lambda data: type(data) is int and data >= value
    return None
