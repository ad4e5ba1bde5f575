"""The GitHub workflows, PR template, issue form and editor settings we rely on."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from casebook.project import Project
from casebook.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


def workflow(name):
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))     # YAML 1.1 reads the key `on` as true
    return data


def steps(job):
    return [s.get("run") or s.get("uses") for s in job["steps"]]


def test_pull_request_workflow_validates_builds_tests_and_uploads():
    data = workflow("pr.yml")
    assert "pull_request" in data["on"]
    run = steps(data["jobs"]["check"])
    assert ".venv/bin/casebook validate --format github" in run
    assert "make site" in run and "make test" in run
    assert any(s.startswith("actions/upload-artifact@") for s in run)


def test_deploy_workflow_uses_official_pages_actions():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    build, deploy = steps(data["jobs"]["build"]), steps(data["jobs"]["deploy"])
    assert "make site" in build
    assert any(s.startswith("actions/upload-pages-artifact@") for s in build)
    assert any(s.startswith("actions/deploy-pages@") for s in deploy)
    assert data["jobs"]["deploy"]["needs"] == "build"


def test_every_workflow_step_is_well_formed():
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        data = workflow(path.name)
        for job in data["jobs"].values():
            assert "runs-on" in job
            for step in job["steps"]:
                assert ("run" in step) != ("uses" in step), (path.name, step)


def test_issue_form_choices_match_taxonomy():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "case-proposal.yml").read_text(encoding="utf-8"))
    taxonomy = load_taxonomy(Project(ROOT))
    dropdowns = {item["id"]: item["attributes"]["options"] for item in form["body"] if item["type"] == "dropdown"}
    assert dropdowns["block"] == [v.label for v in taxonomy["block"].values]
    assert dropdowns["theme"] == [v.label for v in taxonomy["theme"].values]


def test_pre_commit_runs_validate_and_yamllint():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert "yamllint" in ids and "casebook-validate" in ids


def test_vscode_maps_the_case_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert "cases/c*.yaml" in settings["yaml.schemas"]["./cases/case.schema.json"]


def test_case_files_declare_the_schema():
    for path in sorted((ROOT / "cases").glob("c*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=case.schema.json\n"), path
