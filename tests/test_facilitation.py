"""cases/facilitation.yml (workshop facilitator notes): broken files give CB062 at file:line:col."""
from __future__ import annotations

import pytest

from repo_support import previous_site

NOTES = "cases/facilitation.yml"

# (name, edit of the real file, expected first line of output). Each edit is applied once.
BROKEN = [
    ("unknown-theme", ("  supervision:\n", "  supervison:\n"),
     "cases/facilitation.yml:9:3: error[CB062] 論点 'supervison' は taxonomy.yml にありません"),
    ("unknown-field", ("  timing:\n    - 導入（10分）：事例が架空のサンプルであること、ブロック",
                       "  timming:\n    - 導入（10分）：事例が架空のサンプルであること、ブロック"),
     "cases/facilitation.yml:44:3: error[CB062] ブロック別の進行メモ: 'timming' は進行メモの項目ではありません"),
    ("empty-issue", ("    issues:\n      - 事業所が多い地域", "    issues:\n      - \"\"\n      - 事業所が多い地域"),
     "cases/facilitation.yml:17:9: error[CB062] 論点 'supervision' の進行メモ: issues の 1 番目は空でない文字列で書いてください"),
    ("missing-aim", ("  difficult-cases:\n    aim:", "  difficult-cases:\n    x-aim:"),
     "cases/facilitation.yml:21:5: error[CB062] 論点 'difficult-cases' の進行メモ: 'x-aim' は進行メモの項目ではありません"),
    ("unknown-top-level", ("block:\n", "blocks:\n"),
     "cases/facilitation.yml:42:1: error[CB062] 'blocks' は進行メモの項目ではありません"),
]


def _break(repo, old: str, new: str) -> None:
    path = repo / NOTES
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, "the fixture edit no longer matches cases/facilitation.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("name, edit, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_reports_cb062_at_its_position(repo, cli, name, edit, expected):
    _break(repo, *edit)
    code, out, err = cli("validate")
    assert code == 1
    assert out.splitlines()[0].startswith(expected)
    assert " -- " in out.splitlines()[0]          # every message carries a fix hint
    assert "件のエラー" in err


def test_yaml_syntax_error_is_located_too(repo, cli):
    _break(repo, "  supervision:\n", "  supervision: [\n")
    code, out, _ = cli("validate")
    assert code == 1
    assert out.startswith("cases/facilitation.yml:") and "error[CB0" in out


def test_naming_a_case_file_reports_only_that_file(repo, cli):
    _break(repo, "block:\n", "blocks:\n")
    code, out, _ = cli("validate", "cases/c01.yaml")
    assert (code, out) == (0, "")


def test_build_fails_on_broken_notes_and_keeps_the_site(repo, cli):
    _break(repo, "  supervision:\n", "  supervison:\n")
    site = previous_site(repo)
    code, out, _ = cli("build")
    assert code == 1
    assert "cases/facilitation.yml:9:3: error[CB062]" in out
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_valid_notes_reach_every_theme_set(repo, cli):
    """The real file validates, and each theme set's page carries its ねらい."""
    assert cli("validate")[0] == 0
    from casebook.core.project import Project
    from casebook.sources.facilitation import load_notes
    from casebook.sources.taxonomy import load_taxonomy
    project = Project(repo)
    themes = list(load_taxonomy(project)["theme"].keys())
    notes = load_notes(project, themes)
    assert set(notes.theme) <= set(themes) and notes.block is not None
