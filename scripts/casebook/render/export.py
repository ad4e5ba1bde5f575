"""Data downloads: every case as JSON (keys, all fields) and as CSV (for spreadsheets).

The same bytes go to the site (/data/cases.json, /data/cases.csv, /data/case.schema.json)
and to `casebook export --format json|csv --output PATH`.

- JSON keeps the data exactly as the case files hold it (taxonomy keys, field names of
  cases/case.schema.json) plus a `labels` table, so programs need nothing else.
- CSV is for people opening it in Excel: UTF-8 with a BOM (Excel in Japan otherwise
  reads it as Shift_JIS), CRLF rows, Japanese column headers (the schema's titles), labels
  instead of keys, list values joined with "、" (labels such as 郡部・中山間地 contain "・"
  themselves, so "・" would make a cell ambiguous). A cell that starts with =, +, -, @, TAB or
  CR gets a leading ' (markup.csv_cell, as OWASP advises), so a spreadsheet shows it as text
  and never runs it as a formula.
"""
from __future__ import annotations

import csv
import io
import json

from ..core.project import Project
from ..model import FICTIONAL_SETTING, SAMPLE_LABEL, Case, Casebook
from .markup import csv_cell
from .qr import case_path, case_url

SCHEMA_NAME = "case.schema.json"
LIST_SEPARATOR = "、"
BOM = "\ufeff"

# The CSV columns are the field table's (sources/fields.py, the schema's titles as headers),
# then the page address.
URL_COLUMN = ("url", "ページのアドレス")
# The facets of the JSON `labels` table, in the order the published file has them.
LABELS_FIRST = ("block", "theme", "fiscal_year", "program", "status")


def csv_columns(book: Casebook) -> list[tuple[str, str]]:
    return [(f.name, book.heading(f.name)) for f in book.fields.columns()] + [URL_COLUMN]


def _address(base: str | None, case_id: str) -> str:
    """The case's public URL, or its site path when no public URL is configured."""
    return case_url(base, case_id) or case_path(case_id)


def _value(book: Casebook, case: Case, name: str):
    """A field's value as the case file holds it (taxonomy keys, lists, nested objects)."""
    if name == "region":
        return {k: case.region[k] for k in book.fields.region()}
    facet = book.fields.list_facets().get(name)
    if facet:
        return list(case.keys(facet))
    if name == "steps":
        return [{"title": s.title, "detail": s.detail} for s in case.steps]
    if name == "related":      # a draft is not published data: no reference to it either
        return [i for i in case.related if book.shown(i)]
    value = getattr(case, name)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value if value is None or isinstance(value, str) else str(value)


def case_record(book: Casebook, case: Case) -> dict:
    """One case as the case file holds it (field names and keys of the schema, in schema order);
    an optional field without a value is left out, as the file leaves it out."""
    record = {}
    for field in book.fields.top():
        value = _value(book, case, field.name)
        if field.required or value:
            record[field.name] = value
    return record


def to_json(book: Casebook, base: str | None = None) -> str:
    facets = [*LABELS_FIRST, *book.fields.region(), *book.fields.list_facets().values()]
    labels = {f: {k: book.taxonomy[f].label_of(k) for k in book.reader_keys(f)} for f in facets if f != "tag" and f in book.taxonomy}
    data = {
        "description": "基幹型 実践事例集の全事例です。各事例の項目は case_schema の JSON Schema に従います。",
        "case_schema": f"{base}data/{SCHEMA_NAME}" if base else SCHEMA_NAME,
        "site_url": base or "",
        "count": len(book.public()),
        "labels": labels,
        "cases": [dict(case_record(book, c), url=_address(base, c.id), **({"notice": SAMPLE_LABEL} if c.is_sample else {}))
                  for c in book.public()],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _cell(book: Casebook, case: Case, fieldname: str, base: str | None) -> str:
    tax = book.taxonomy
    if fieldname in book.fields.single_facets():
        label = tax[fieldname].label_of(getattr(case, fieldname)) if getattr(case, fieldname) else ""
        return f"{FICTIONAL_SETTING}: {label}" if label and case.is_sample and fieldname in ("fiscal_year", "program") else label
    if fieldname in book.fields.region():
        return tax[fieldname].label_of(case.region[fieldname])
    facet = book.fields.list_facets().get(fieldname)
    if facet:
        keys = case.keys(facet)
        return LIST_SEPARATOR.join(keys if facet == "tag" else (tax[facet].label_of(k) for k in keys))
    if fieldname == "steps":
        return "\n".join(f"{i}. {s.title}：{s.detail.strip()}" for i, s in enumerate(case.steps, 1))
    if fieldname == "discussion_questions":
        return "\n".join(f"{i}. {q}" for i, q in enumerate(case.discussion_questions, 1))
    if fieldname == "related":
        return LIST_SEPARATOR.join(i for i in case.related if book.shown(i))
    if fieldname == "source":
        if not case.source:
            return ""
        return f"{case.source['report']} {case.source['page']} ページ" if case.source.get("page") else case.source["report"]
    if fieldname == "url":
        return _address(base, case.id)
    value = getattr(case, fieldname)
    return "" if value is None else str(value).strip()


def to_csv(book: Casebook, base: str | None = None) -> str:
    """CSV text starting with a BOM; write it with newline="" to keep the CRLF rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = csv_columns(book)
    writer.writerow([header for _, header in columns])
    for case in book.public():
        writer.writerow([csv_cell(_cell(book, case, name, base)) for name, _ in columns])
    return BOM + out.getvalue()


def data_files(project: Project, book: Casebook, base: str | None) -> dict[str, str]:
    """Files for /data/ (the plugin publishes docs/cases/_data/* there; see plugin.publish_data)."""
    from .feed import render_feed
    return {"_data/cases.json": to_json(book, base), "_data/cases.csv": to_csv(book, base),
            f"_data/{SCHEMA_NAME}": project.schema_file.read_text(encoding="utf-8"),
            "_data/feed.xml": render_feed(book, base)}


DATA_SOURCE = "cases/_data/"


def published_path(name: str) -> str:
    """Where a file of docs/cases/_data/ is served: the feed at the root, the rest under data/."""
    return name if name == "feed.xml" else f"data/{name}"
