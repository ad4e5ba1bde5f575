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

from .markup import csv_cell
from ..model import FICTIONAL_SETTING, LIST_FACETS, REGION_FACETS, SAMPLE_LABEL, SINGLE_FACETS, Case, Casebook
from ..core.project import Project
from .qr import case_path, case_url, public_base

SCHEMA_NAME = "case.schema.json"
LIST_SEPARATOR = "、"
BOM = "\ufeff"

# CSV columns in order: (field, header). Headers are the schema's titles.
CSV_COLUMNS = [
    ("id", "事例ID"), ("title", "題名"), ("summary", "要約"), ("status", "公開状態"),
    ("replaced_by", "代わりの事例"), ("block", "ブロック"), ("theme", "論点"), ("fiscal_year", "年度"),
    ("program", "事業の種類"), ("population_band", "人口規模"), ("area_type", "地域の種類"),
    ("resource_level", "地域資源の量"),
    ("roles", "基幹型の役割"), ("partners", "連携先"), ("collaboration_points", "地域連携のポイント"),
    ("coordinator_points", "コーディネーターの役割"), ("agency_points", "「1機関」としての役割"),
    ("stances", "正解の無い支援で大切なこと"), ("center_functions", "ナカポツの機能強化"),
    ("policy_directions", "検討会報告書の方向性"), ("tags", "タグ"),
    ("context", "地域の状況と課題"), ("steps", "取組の内容"), ("outcomes", "成果"),
    ("points", "工夫・ポイント"), ("challenges", "今後の課題"),
    ("discussion_questions", "事例検討の問い"), ("related", "関連事例"), ("source", "出典"),
    ("updated", "更新日"), ("url", "ページのアドレス"),
]


def _address(base: str | None, case_id: str) -> str:
    """The case's public URL, or its site path when no public URL is configured."""
    return case_url(base, case_id) or case_path(case_id)


def case_record(case: Case) -> dict:
    """One case as the case file holds it (field names and keys of the schema)."""
    record = {"id": case.id, "title": case.title, "summary": case.summary, "status": case.status}
    if case.replaced_by:
        record["replaced_by"] = case.replaced_by
    record.update({"block": case.block, "theme": case.theme})
    record.update({f: getattr(case, f) for f in ("fiscal_year", "program") if getattr(case, f)})
    record["region"] = {k: case.region[k] for k in REGION_FACETS}
    for fieldname, facet in LIST_FACETS.items():
        if case.keys(facet):
            record[fieldname] = list(case.keys(facet))
    record.update({"context": case.context, "steps": [{"title": s.title, "detail": s.detail} for s in case.steps],
                   "outcomes": case.outcomes, "points": case.points, "challenges": case.challenges})
    if case.discussion_questions:
        record["discussion_questions"] = list(case.discussion_questions)
    if case.related:
        record["related"] = list(case.related)
    if case.source:
        record["source"] = dict(case.source)
    if case.updated:
        record["updated"] = str(case.updated)
    return record


def to_json(book: Casebook, base: str | None = None) -> str:
    facets = ["block", "theme", "fiscal_year", "program", "status", *REGION_FACETS, *LIST_FACETS.values()]
    labels = {f: {v.key: v.label for v in book.taxonomy[f].values} for f in facets if f != "tag" and f in book.taxonomy}
    data = {
        "description": "基幹型 実践事例集の全事例です。各事例の項目は case_schema の JSON Schema に従います。",
        "case_schema": f"{base}data/{SCHEMA_NAME}" if base else SCHEMA_NAME,
        "site_url": base or "",
        "count": len(book.cases),
        "labels": labels,
        "cases": [dict(case_record(c), url=_address(base, c.id), **({"notice": SAMPLE_LABEL} if c.is_sample else {}))
                  for c in book.cases],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _cell(book: Casebook, case: Case, fieldname: str, base: str | None) -> str:
    tax = book.taxonomy
    if fieldname in SINGLE_FACETS:
        label = tax[fieldname].label_of(getattr(case, fieldname)) if getattr(case, fieldname) else ""
        return f"{FICTIONAL_SETTING}: {label}" if label and case.is_sample and fieldname in ("fiscal_year", "program") else label
    if fieldname in REGION_FACETS:
        return tax[fieldname].label_of(case.region[fieldname])
    if fieldname in LIST_FACETS:
        facet = LIST_FACETS[fieldname]
        keys = case.keys(facet)
        return LIST_SEPARATOR.join(keys if facet == "tag" else (tax[facet].label_of(k) for k in keys))
    if fieldname == "steps":
        return "\n".join(f"{i}. {s.title}：{s.detail.strip()}" for i, s in enumerate(case.steps, 1))
    if fieldname == "discussion_questions":
        return "\n".join(f"{i}. {q}" for i, q in enumerate(case.discussion_questions, 1))
    if fieldname == "related":
        return LIST_SEPARATOR.join(case.related)
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
    writer.writerow([header for _, header in CSV_COLUMNS])
    for case in book.cases:
        writer.writerow([csv_cell(_cell(book, case, name, base)) for name, _ in CSV_COLUMNS])
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
