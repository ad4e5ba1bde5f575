"""The field table (sources/fields.py) and the JSON export's round trip."""
from __future__ import annotations

import json

import pytest

from casebook.book import load_book
from casebook.core.project import Project
from casebook.render.export import csv_columns, to_json
from casebook.sources.fields import Fields
from casebook.sources.load import CASE_LIMITS, load_file
from casebook.sources.schema import read_schema
from repo_support import ROOT

PROJECT = Project(ROOT)
SCHEMA = read_schema(PROJECT)
FIELDS = Fields.from_schema(SCHEMA)
BOOK, _ = load_book(PROJECT)


def test_the_table_follows_the_schema_in_order():
    assert [f.name for f in FIELDS.top()] == list(SCHEMA["properties"])
    assert [f.title for f in FIELDS.top()] == [spec["title"] for spec in SCHEMA["properties"].values()]
    assert FIELDS.region() == tuple(SCHEMA["properties"]["region"]["properties"])


def test_the_table_says_markdown_list_and_taxonomy():
    by_name = {f.name: f for f in FIELDS}
    assert by_name["context"].markdown and not by_name["context"].many
    assert by_name["steps"].markdown and by_name["steps"].many          # its details are Markdown
    assert not by_name["summary"].markdown and not by_name["discussion_questions"].markdown
    assert by_name["roles"].many and by_name["roles"].taxonomy == "role"
    assert by_name["block"].taxonomy == "block" and not by_name["block"].many
    assert by_name["area_type"].parent == "region" and by_name["area_type"].taxonomy == "area_type"
    assert [f.name for f in FIELDS.body()] == ["context", "steps", "outcomes", "points", "challenges"]
    assert FIELDS.markdown_text() == ["context", "outcomes", "points", "challenges"]


def test_a_new_schema_field_reaches_the_table():
    schema = json.loads(json.dumps(SCHEMA))
    schema["properties"]["lessons"] = {"title": "学んだこと", "type": "string", "x-markdown": True}
    fields = Fields.from_schema(schema)
    assert fields.title("lessons") == "学んだこと" and fields.body()[-1].name == "lessons"


def test_csv_columns_are_the_tables_titles():
    # the block's labels are not in the source, so its header says 要確認 (taxonomy: to_confirm)
    expected = [f.title + ("（要確認）" if f.name == "block" else "") for f in FIELDS if f.name != "region"]
    assert [title for _, title in csv_columns(BOOK)][:-1] == expected


@pytest.mark.parametrize("case", BOOK.cases, ids=lambda c: c.id)
def test_json_export_equals_the_case_file(case):
    """Round trip: each exported case, without the fields the export adds, is the loaded YAML."""
    exported = {c["id"]: c for c in json.loads(to_json(BOOK))["cases"]}[case.id]
    added = {"url", "notice"}
    doc, problems = load_file(ROOT / case.source_file, case.source_file, CASE_LIMITS)
    assert not problems
    assert {k: v for k, v in exported.items() if k not in added} == doc.data
