"""Every schema field given every YAML type: a located CB error or a pass, never a traceback.

The field list is read from cases/case.schema.json, so a new field is swept without editing this.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from bad_cases import FIXTURES, VALID
from casebook.sources.load import load_text
from repo_support import ROOT

ERROR_LINE = re.compile(r"[^\n]+:\d+:\d+: error\[CB\d{3}\] .+")
SENTINEL = "@@PAYLOAD@@"

# name -> (YAML text in flow context, the JSON type the loader makes of it)
PAYLOADS = {
    "string": ('"some text"', "string"),
    "integer": ("7", "integer"),
    "float": ("1.5", "string"),           # the loader keeps it as text (no silent coercion)
    "boolean": ("true", "boolean"),
    "null": ("~", "null"),
    "list": ("[a, b]", "array"),
    "mapping": ("{a: 1}", "object"),
    "deep": ("[" * 40 + "]" * 40, "deep"),
}


def schema_fields(node, path=()):
    """(path, JSON type) of every field and list item the schema defines."""
    for name, spec in node.get("properties", {}).items():
        yield path + (name,), spec.get("type")
        yield from schema_fields(spec, path + (name,))
    items = node.get("items")
    if isinstance(items, dict) and path:
        yield path + (0,), items.get("type")
        yield from schema_fields(items, path + (0,))


SCHEMA = json.loads((ROOT / "cases" / "case.schema.json").read_text(encoding="utf-8"))
FIELDS = list(schema_fields(SCHEMA))


def base_case() -> dict:
    loaded, problems = load_text(VALID.read_text(encoding="utf-8").replace("id: c98", "id: c99"), "x.yaml")
    assert not problems
    data = loaded.data
    data["related"] = ["c98"]
    data["replaced_by"] = "c98"
    data["status"] = "withdrawn"
    data["source"] = {"report": "報告書", "page": 3}
    for name, spec in SCHEMA["properties"].items():   # every optional list present with one item
        if spec.get("type") == "array" and name not in data:
            data[name] = [SCHEMA["properties"][name]["items"].get("enum", ["問い"])[0]]
    return data


def with_payload(data: dict, path: tuple, payload: str) -> tuple[str, int]:
    """YAML (JSON-style) text with the payload at path, and the payload's line."""
    data = json.loads(json.dumps(data))
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = SENTINEL
    text = json.dumps(data, ensure_ascii=False, indent=2)
    line = text[: text.index(f'"{SENTINEL}"')].count("\n") + 1
    return text.replace(f'"{SENTINEL}"', payload) + "\n", line


def test_sweep_covers_every_field():
    names = {p for p, _ in FIELDS}
    assert {("id",), ("region", "area_type"), ("steps", 0, "detail"), ("roles", 0), ("source", "page")} <= names
    assert len(FIELDS) >= 40
    assert FIXTURES  # the partner case the sweep validates beside


def test_base_case_is_valid(repo, cli):
    shutil.copy(VALID, repo / "cases" / "c98.yaml")
    (repo / "cases" / "c99.yaml").write_text(json.dumps(base_case(), ensure_ascii=False, indent=2), encoding="utf-8")
    assert cli("validate", "cases/c99.yaml")[:2] == (0, "")


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: ".".join(map(str, f[0])))
def test_every_type_in_every_field(repo, cli, field):
    path, expected = field
    shutil.copy(VALID, repo / "cases" / "c98.yaml")
    base = base_case()
    for name, (payload, kind) in PAYLOADS.items():
        text, line = with_payload(base, path, payload)
        (repo / "cases" / "c99.yaml").write_text(text, encoding="utf-8")
        code, out, err = cli("validate", "cases/c99.yaml")
        lines = out.splitlines()
        assert code in (0, 1), (name, out, err)
        assert all(ERROR_LINE.fullmatch(x) for x in lines), (name, out)
        assert (code == 0) == (out == ""), (name, out)
        wrong = kind == "deep" or (kind != expected and not (kind == "integer" and expected == "number"))
        if wrong:
            codes = {"CB008"} if kind == "deep" else {"CB013"}
            located = [x for x in lines if x.startswith(f"cases/c99.yaml:{line}:")
                       and re.search(r"error\[(CB\d+)\]", x).group(1) in codes]
            assert code == 1 and located, (name, payload, out)
