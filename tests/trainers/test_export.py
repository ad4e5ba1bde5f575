"""Data downloads: /data/cases.csv (Excel-friendly) and /data/cases.json, and `casebook export`."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from trainers_support import PUBLIC, environment


def _schema_headers() -> list[str]:
    """The schema's titles in schema order, the region's parts in its place, then the address."""
    schema = json.loads((Path(__file__).parents[2] / "cases" / "case.schema.json").read_text(encoding="utf-8"))
    headers = []
    for name, spec in schema["properties"].items():
        parts = spec["properties"].values() if name == "region" else [spec]
        # a taxonomy whose labels the source does not give (the blocks) is marked in the header
        headers += [part["title"] + ("（要確認）" if part.get("x-taxonomy") == "block" else "") for part in parts]
    return [*headers, "ページのアドレス"]


HEADERS = _schema_headers()


def test_csv_opens_with_the_right_columns(public_site):
    raw = (public_site / "data" / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel のために BOM 付き UTF-8 にします"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == 21 and all(len(r) == len(HEADERS) for r in rows)
    c01 = body[0]
    assert c01["事例ID"] == "c01" and c01["ブロック（要確認）"] == "北海道ブロック"
    assert c01["公開状態"] == "サンプル" or c01["公開状態"]
    assert "、" in c01["連携先"] and "type-b" not in c01["連携先"]     # labels, joined with 、
    assert c01["ページのアドレス"] == f"{PUBLIC}cases/c01/"
    assert c01["更新日"] == "2026-11-20"
    assert c01["取組の内容"].startswith("1. ")
    assert b"\r\n" in raw


def test_json_has_every_field_and_a_schema_link(public_site, public_repo):
    data = json.loads((public_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert data["count"] == len(data["cases"]) == 21
    assert data["case_schema"] == f"{PUBLIC}data/case.schema.json"
    schema = json.loads((public_site / "data" / "case.schema.json").read_text(encoding="utf-8"))
    c01 = data["cases"][0]
    # url and notice (「架空のサンプル」 on samples) are added by the export, not fields of a case file
    assert set(c01) - {"url", "notice"} <= set(schema["properties"])
    assert all(c.get("notice") == "架空のサンプル" for c in data["cases"] if c["status"] == "sample")
    for required in schema["required"]:
        assert required in c01, required
    assert c01["region"]["area_type"] == "rural" and c01["roles"][0] == "capacity-building"
    assert data["labels"]["block"]["hokkaido"] == "北海道ブロック"


def test_export_command_writes_the_published_files(public_repo, public_site, tmp_path, monkeypatch, cli):
    monkeypatch.chdir(public_repo)
    with environment(CASEBOOK_SITE_URL=PUBLIC):
        for fmt in ("csv", "json"):
            out = tmp_path / f"cases.{fmt}"
            code, stdout, _ = cli("export", "--format", fmt, "--output", str(out))
            assert code == 0 and "21 件" in stdout
            assert out.read_bytes() == (public_site / "data" / f"cases.{fmt}").read_bytes()
    code, _, err = cli("export", "--format", "xml", "--output", str(tmp_path / "x"))
    assert code == 2
    code, _, err = cli("export", "--format", "csv", "--output", str(tmp_path))
    assert code == 2 and "フォルダー" in err


def test_pages_link_the_downloads_and_the_feed(public_site):
    trainers = (public_site / "trainers" / "index.html").read_text(encoding="utf-8")
    for href in ("../data/cases.csv", "../data/cases.json", "../data/case.schema.json", "../feed.xml"):
        assert f'href="{href}"' in trainers, href
    home = (public_site / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in home and 'href="trainers/"' in home


def test_csv_cells_never_start_a_formula(public_site, public_repo, tmp_path, monkeypatch, cli):
    """OWASP: a cell starting with =, +, -, @, TAB or CR gets a leading ' (the bullet lists of
    the real cases start with "- "); the JSON keeps the text as the case file holds it."""
    rows = list(csv.reader(io.StringIO((public_site / "data" / "cases.csv").read_text(encoding="utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    guarded = [c for c in cells if c.startswith("'-")]
    assert guarded, "本文の箇条書き（- で始まるセル）が ' で守られていません"
    data = json.loads((public_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert any(case["outcomes"].startswith("- ") for case in data["cases"])
    # Every starter, through `casebook export` of a case whose fields start with each.
    monkeypatch.chdir(public_repo)
    case = public_repo / "cases" / "c02.yaml"
    original = case.read_text(encoding="utf-8")
    try:
        text = original.replace("\noutcomes: |\n", "\noutcomes: |\n  @SUM(1,2)\n", 1)
        text = text.replace("\nsummary: ", "\nsummary: =HYPERLINK(\"https://example.org\",\"x\") ", 1)
        case.write_text(text, encoding="utf-8")
        code, _, err = cli("export", "--format", "csv", "--output", str(tmp_path / "x.csv"))
        assert code == 0, err
    finally:
        case.write_text(original, encoding="utf-8")
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text(encoding="utf-8-sig"), newline="")))
    c02 = dict(zip(rows[0], rows[2], strict=True))
    assert c02["要約"].startswith("'=HYPERLINK(") and c02["成果"].startswith("'@SUM(1,2)")
