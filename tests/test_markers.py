"""The `browser` mark: every test that starts Chromium carries it, so `pytest -m "not browser"`
runs without Chromium, while a plain `pytest` (make test) still runs every browser test."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from types import SimpleNamespace

from browser_support import BROWSER_FIXTURES, browser_tests_deselected
from repo_support import ROOT

# Modules whose every test drives Chromium: none of their tests may survive -m "not browser".
CHROMIUM_MODULES = ("tests/browser/", "tests/quality/test_accessibility.py",
                    "tests/trainers/test_handouts.py", "tests/trainers/test_offline.py")


def collect(tmp_path, *args: str) -> list[dict]:
    out = tmp_path / f"probe{len(list(tmp_path.iterdir()))}.json"
    env = {**os.environ, "MARKER_PROBE": str(out),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "marker_probe",
                          "-p", "no:cacheprovider", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_not_browser_selects_no_test_that_starts_chromium(tmp_path):
    everything = collect(tmp_path)
    selected = collect(tmp_path, "-m", "not browser")
    uses_chromium = [row["id"] for row in everything if BROWSER_FIXTURES & set(row["fixtures"])]
    assert len(uses_chromium) > 50, uses_chromium         # the browser suites were collected at all
    assert all(row["browser"] for row in everything if row["id"] in uses_chromium)
    leaked = [row["id"] for row in selected
              if BROWSER_FIXTURES & set(row["fixtures"]) or row["id"].startswith(CHROMIUM_MODULES)]
    assert not leaked, "browser の印がないのに Chromium を使うテスト:\n" + "\n".join(leaked)
    # the rest still runs: everything not driving Chromium is selected
    assert len(selected) == len(everything) - len(uses_chromium) - sum(
        1 for row in everything if row["browser"] and row["id"] not in uses_chromium)
    assert len(selected) > 500


def test_a_plain_run_deselects_nothing():
    """make test runs pytest without -m: the browser tests are never skipped by configuration."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "-m" not in options.get("addopts", "").split()
    test_recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "-m pytest" in test_recipe and not re.search(r"pytest\b.*\s-m\s", test_recipe)


def test_the_chromium_fixtures_know_when_browser_tests_are_left_out():
    def config(expression):
        return SimpleNamespace(getoption=lambda name, default=None: expression)
    assert browser_tests_deselected(config("not browser"))
    assert browser_tests_deselected(config("slow and not browser"))
    assert not browser_tests_deselected(config("browser"))
    assert not browser_tests_deselected(config("browser or slow"))
    assert not browser_tests_deselected(config(""))
    assert not browser_tests_deselected(config(None))
