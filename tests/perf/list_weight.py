"""Hand-run: how heavy the list pages are (DOM elements and HTML bytes), not a test.

    .venv/bin/python tests/perf/list_weight.py SITE_DIR

Counts the elements of /cases/, a block, theme and role page, a guide page and the home page
as a browser's parser builds them (every start tag, plus html/head/body/tbody the parser adds
where the source leaves them out) and their HTML bytes. Issue 15's budget for the lists at
1,000 cases: under 1,500 elements and 100 KB. Prints one JSON object.
"""
from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

PAGES = {"home": "index.html", "list": "cases/index.html", "list_page_2": "cases/page/2/index.html",
         "block": "cases/block/kinki/index.html", "theme": "cases/theme/supervision/index.html",
         "role": "cases/role/network-building/index.html", "guide": "guide/kikangata/index.html",
         "guide_no_right_answer": "guide/no-right-answer/index.html"}


class Counter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements = 0
        self.seen: set[str] = set()
        self.tables = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.elements += 1
        self.seen.add(tag)
        if tag == "table":
            self.tables += 1

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def total(self) -> int:
        implied = sum(1 for t in ("html", "head", "body") if t not in self.seen)
        implied += self.tables if "tbody" not in self.seen else 0
        return self.elements + implied


def weigh(path: Path) -> dict:
    data = path.read_bytes()
    counter = Counter()
    counter.feed(data.decode("utf-8"))
    return {"elements": counter.total(), "bytes": len(data)}


def main(site: Path) -> dict:
    return {name: weigh(site / rel) for name, rel in PAGES.items() if (site / rel).is_file()}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: list_weight.py SITE_DIR", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(main(Path(sys.argv[1])), ensure_ascii=False))
