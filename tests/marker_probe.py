"""A pytest plugin for tests/test_markers.py: writes what a run selected to $MARKER_PROBE (JSON)."""
from __future__ import annotations

import json
import os


def pytest_collection_finish(session):
    rows = [{"id": item.nodeid, "fixtures": sorted(getattr(item, "fixturenames", ())),
             "browser": item.get_closest_marker("browser") is not None} for item in session.items]
    with open(os.environ["MARKER_PROBE"], "w", encoding="utf-8") as out:
        json.dump(rows, out)
