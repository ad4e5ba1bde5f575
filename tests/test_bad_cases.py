"""Every broken case file gives its exact located error, exit 1, and no site change."""
from __future__ import annotations

import re

import pytest

from bad_cases import BAD, entry, fixtures, place
from casebook.generate.guard import SITE_MARKER
from casebook.rules import RULES
from repo_support import previous_site

FIXTURES = fixtures()


def test_enough_broken_fixtures():
    assert len(FIXTURES) >= 40


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_validate_reports_exact_error(repo, cli, fixture):
    place(repo, fixture)
    code, out, err = cli("validate")
    assert code == 1
    assert out == fixture.with_suffix(".expected").read_text(encoding="utf-8")
    assert re.search(r"\d+ 件のエラー（\d+ ファイル）", err)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_build_fails_and_leaves_site_untouched(repo, cli, fixture):
    place(repo, fixture)
    site = previous_site(repo)
    code, _, _ = cli("build")
    assert code == 1
    assert sorted(p.name for p in site.iterdir()) == [SITE_MARKER, "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not (repo / "docs" / "cases").exists()   # nothing half-generated either


def test_every_case_rule_has_a_fixture():
    seen = set()
    for expected in BAD.glob("*.expected"):
        seen |= set(re.findall(r"error\[(CB\d+)\]", expected.read_text(encoding="utf-8")))
    case_rules = {code for code in RULES if code not in {"CB060", "CB061", "CB062"}}   # file rules, tested with their loaders
    assert case_rules - seen == set()


def test_github_format(repo, cli):
    place(repo, BAD / "unknown-theme.yaml")
    code, out, _ = cli("validate", "--format", "github")
    assert code == 1
    assert out.strip() == ("::error file=cases/c99.yaml,line=7,col=8,title=CB012::論点（theme）に 'supervison' は"
                           "定義されていません -- 'supervision' のことですか？")


def test_validate_named_file_only(repo, cli):
    place(repo, BAD / "unknown-theme.yaml")
    code, out, _ = cli("validate", "cases/c98.yaml")
    assert (code, out) == (0, "")
    code, out, _ = cli("validate", "cases/c99.yaml")
    assert code == 1 and out.startswith("cases/c99.yaml:7:8: error[CB012]")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_validate_path_says_what_a_full_run_says(repo, cli, fixture):
    place(repo, fixture)
    _, full, _ = cli("validate")
    path = f"cases/{entry(fixture)}"
    code, out, _ = cli("validate", path)
    assert code == 1
    assert out.strip().splitlines() == [line for line in full.splitlines() if line.startswith(f"{path}:")]
