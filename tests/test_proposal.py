"""`casebook from-issue` and `casebook form`: recorded issue-form bodies, exact expected output.

The bodies in tests/fixtures/issue_forms/ are written as GitHub renders an issue form
(`### label`, blank line, value; `_No response_`; `- [X] label`). NAME.expected is the
case file (valid) or the Japanese comment (everything else).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from casebook.core.project import Project
from casebook.editors.proposal import comment, from_issue, sections
from casebook.editors.proposal_form import FORM_PATH, form_text
from casebook.sources.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "tests" / "fixtures" / "issue_forms"
ARGS = ("--id", "c22", "--date", "2026-12-01", "--issue", "7")


def expected(name: str) -> str:
    return (FORMS / f"{name}.expected").read_text(encoding="utf-8")


def test_valid_body_becomes_a_case_that_validates(repo, cli):
    code, out, err = cli("from-issue", "--body", str(FORMS / "valid.md"), *ARGS)
    assert (code, out) == (0, "cases/c22.yaml\n"), err
    assert (repo / "cases" / "c22.yaml").read_text(encoding="utf-8") == expected("valid")
    assert cli("validate", "cases/c22.yaml")[0] == 0


@pytest.mark.parametrize("name", ["missing", "personal", "labels-changed"])
def test_bad_body_gives_the_japanese_comment_and_writes_no_case(repo, cli, tmp_path, name):
    target = tmp_path / "comment.md"
    code, out, err = cli("from-issue", "--body", str(FORMS / f"{name}.md"), "--comment", str(target), *ARGS)
    assert code == 1 and out == ""
    assert "直すところがあります" in err
    assert target.read_text(encoding="utf-8") == expected(name)
    assert not (repo / "cases" / "c22.yaml").exists()


def test_personal_data_is_named_per_form_field():
    text = expected("personal")
    for finding in ("**地域の状況と課題**: 「豊中市」は実在の地名のようです", "「山田太郎」は人の名前のようです",
                    "「松本」は人の名前のようです", "電話番号のような数字「06-1234-5678」",
                    "**取組の内容: 手順2の内容**: 「高橋花子」は人の名前のようです"):
        assert finding in text
    assert "「Aさん」は" not in text and "親御さん" not in text


def test_windows_line_endings_give_the_same_case(tmp_path):
    body = (FORMS / "valid.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    path, problems = from_issue(Project(ROOT), body, tmp_path, "c22", "2026-12-01", "7")
    assert problems == [] and path.read_text(encoding="utf-8") == expected("valid")


def test_next_free_id_and_no_overwrite(repo, cli):
    assert cli("from-issue", "--body", str(FORMS / "valid.md"), "--date", "2026-12-01")[1] == "cases/c22.yaml\n"
    assert cli("from-issue", "--body", str(FORMS / "valid.md"), "--date", "2026-12-01")[1] == "cases/c23.yaml\n"
    code, _, err = cli("from-issue", "--body", str(FORMS / "valid.md"), "--id", "c22")
    assert code == 2 and "すでにあります" in err


def test_usage_errors(repo, cli):
    assert cli("from-issue", "--body", "nope.md")[0] == 2
    assert cli("from-issue", "--body", str(FORMS / "valid.md"), "--id", "22")[0] == 2


def test_a_heading_typed_inside_an_answer_is_reported_not_swallowed():
    body = "### 題名\n\nよい題名\n\n### 私のメモ\n\n本文\n"
    assert sections(body) == {"題名": "\nよい題名\n", "私のメモ": "\n本文\n"}


def test_comment_escapes_mentions_and_markup():
    from casebook.editors.proposal import Problem
    text = comment([Problem("題名", "「@someone <b>x</b>」は選べる値にありません", "")])
    assert "\\@someone \\<b\\>x\\</b\\>" in text


def test_form_in_the_repository_is_generated_from_the_taxonomy():
    assert (ROOT / FORM_PATH).read_text(encoding="utf-8") == form_text(Project(ROOT))
    form = yaml.safe_load((ROOT / FORM_PATH).read_text(encoding="utf-8"))
    taxonomy = load_taxonomy(Project(ROOT))
    items = {item.get("id"): item for item in form["body"]}
    assert items["block"]["attributes"]["options"] == [v.label for v in taxonomy["block"].values]
    assert [o["label"] for o in items["partners"]["attributes"]["options"]] == [v.label for v in taxonomy["partner"].values]
    assert "誰でも読める状態で公開されます" in form["body"][0]["attributes"]["value"]
    schema = yaml.safe_load((ROOT / "cases" / "case.schema.json").read_text(encoding="utf-8"))
    labels = {item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"}
    for name in schema["required"]:
        if name not in ("id", "steps", "region"):
            assert schema["properties"][name]["title"] in labels, name
    assert len(labels) == len([i for i in form["body"] if i["type"] != "markdown"])   # GitHub needs unique labels


def test_form_check_fails_when_the_taxonomy_label_changes(repo, cli):
    (repo / FORM_PATH).parent.mkdir(parents=True)
    shutil.copy2(ROOT / FORM_PATH, repo / FORM_PATH)
    assert cli("form", "--check")[0] == 0
    taxonomy = repo / "cases" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("label: 近畿ブロック", "label: 近畿"), encoding="utf-8")
    code, _, err = cli("form", "--check")
    assert code == 1 and "casebook form" in err
    assert cli("form")[0] == 0 and cli("form", "--check")[0] == 0
