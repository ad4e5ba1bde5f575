"""The Lighthouse benchmark (tests/perf/lighthouse.py) produces well-formed figures.

Not a timed test: no thresholds on the figures, which depend on the machine's load. It checks
that the pinned Lighthouse runs against Debian's Chromium and gzip serving and that every
figure the report promises is there and plausible.
"""
import json
import subprocess
import sys

import pytest
from tests.perf import lighthouse


def test_score_from_metrics_follows_lighthouse_curves():
    at_p10 = {"fcp_ms": 1800, "lcp_ms": 2500, "tbt_ms": 200, "cls": 0.1}
    at_median = {"fcp_ms": 3000, "lcp_ms": 4000, "tbt_ms": 600, "cls": 0.25}
    assert lighthouse.score_from_metrics(at_p10) == 90
    assert lighthouse.score_from_metrics(at_median) == 50
    assert lighthouse.score_from_metrics({"fcp_ms": 500, "lcp_ms": 600, "tbt_ms": 0, "cls": 0}) >= 99
    assert lighthouse.score_from_metrics({}) is None
    assert lighthouse.score_from_metrics({"cls": 0, "tbt_ms": 0}) is None     # no paint seen: no score


@pytest.mark.browser
def test_one_run_on_a_case_page_gives_every_figure(built_site):
    if not lighthouse.LIGHTHOUSE.exists():
        pytest.fail("Lighthouse がありません: `npm ci` を実行してください")
    done = subprocess.run([sys.executable, str(lighthouse.__file__), str(built_site), "--runs", "1", "--pages", "case"],
                          capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    page = result["pages"]["case"]
    assert page["url"].startswith("/cases/c") and result["cases"] == 21
    run = page["all"][0]
    assert "error" not in run, run
    score = run["performance"] if run["performance"] is not None else run["performance_from_metrics"]
    assert isinstance(score, int) and 0 <= score <= 100
    assert run["fcp_ms"] > 0 and run["lcp_ms"] >= run["fcp_ms"]
    assert run["tbt_ms"] >= 0 and 0 <= run["cls"] < 1
    assert 10_000 < run["transfer_bytes"] < 5_000_000      # gzip on the wire, not the raw files
    assert page["median"]["fcp_ms"] == pytest.approx(run["fcp_ms"], abs=1e-3)
    assert "page" in done.stderr and "case" in done.stderr   # the table
