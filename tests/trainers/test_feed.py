"""The updates feed is valid Atom, dated from each case's `updated`, and announced in every page head."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from trainers_support import PUBLIC

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


def test_feed_is_atom(public_site):
    root = ET.parse(public_site / "feed.xml").getroot()
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{name}") is not None, name
    assert RFC3339.match(root.findtext(f"{A}updated"))
    assert root.find(f"{A}link[@rel='self']").get("href") == f"{PUBLIC}feed.xml"
    entries = root.findall(f"{A}entry")
    assert len(entries) == 21
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:casebook:case:c") for i in ids)
    dates = [e.findtext(f"{A}updated") for e in entries]
    assert all(RFC3339.match(d) for d in dates) and dates == sorted(dates, reverse=True)
    assert root.findtext(f"{A}updated") == dates[0]
    for entry in entries:
        assert entry.findtext(f"{A}title")
        case_id = entry.findtext(f"{A}id").rsplit(":", 1)[1]
        assert entry.find(f"{A}link").get("href") == f"{PUBLIC}cases/{case_id}/"


def test_feed_dates_come_from_the_cases(public_site):
    import json
    cases = json.loads((public_site / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
    root = ET.parse(public_site / "feed.xml").getroot()
    by_id = {e.findtext(f"{A}id").rsplit(":", 1)[1]: e.findtext(f"{A}updated") for e in root.findall(f"{A}entry")}
    for case in cases:
        assert by_id[case["id"]] == f"{case['updated']}T00:00:00+09:00"


def test_every_page_links_the_feed_in_its_head(public_site):
    for rel, href in (("index.html", "feed.xml"), ("cases/c01/index.html", "../../feed.xml"),
                      ("trainers/index.html", "../feed.xml")):
        head = (public_site / rel).read_text(encoding="utf-8").split("</head>")[0]
        assert f'<link rel="alternate" type="application/atom+xml" title="基幹型 実践事例集: 事例の追加・更新" href="{href}">' in head
