"""The GitHub workflows, PR template, issue form and editor settings we rely on."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from casebook.core.project import Project
from casebook.sources.taxonomy import load_taxonomy

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


def test_actionlint_passes_on_every_workflow():
    files = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(files) >= 3
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "actionlint"), "-no-color", *files],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo \"${{ github.event.issue.title }}\"\n", encoding="utf-8")
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "actionlint"), "-no-color", str(broken)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "untrusted" in result.stdout


def test_proposal_workflow_is_least_privilege_and_injection_free():
    data = workflow("proposal.yml")
    assert data["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert data["permissions"] == {}
    job = data["jobs"]["convert"]
    assert "事例の提案" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    for step in job["steps"]:
        assert "${{" not in step.get("run", ""), step     # untrusted text only through env
        uses = step.get("uses", "")
        assert not uses or re.search(r"@[0-9a-f]{40}$", uses), uses
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert "casebook from-issue" in scripts and "gh pr create" in scripts and "gh issue comment" in scripts


def test_pull_request_preview_is_the_offline_build():
    run = steps(workflow("pr.yml")["jobs"]["check"])
    # a preview: drafts get their page (with the 下書き banner); the deployed site never has them
    assert any(".venv/bin/casebook offline --drafts --output dist/casebook-offline.zip" in (s or "") for s in run)
    assert not any("--drafts" in (s or "") for job in workflow("deploy.yml")["jobs"].values() for s in steps(job))
    upload = next(s for s in workflow("pr.yml")["jobs"]["check"]["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "dist/preview/"
    assert ".venv/bin/casebook form --check" in run


def test_pre_commit_hooks_are_all_local():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {"casebook-validate", "casebook-schema", "casebook-form", "actionlint"} <= {h["id"] for h in hooks}
    for hook in hooks:
        assert hook["language"] == "system" and hook["entry"].startswith(".venv/bin/"), hook
    assert not (ROOT / ".yamllint.yml").exists()


def _copy_for_hooks(dest: Path) -> None:
    for rel in ("cases", "docs", "overrides", "scripts", ".github", "requirements"):
        shutil.copytree(ROOT / rel, dest / rel, ignore=shutil.ignore_patterns("cases", "__pycache__")
                        if rel == "docs" else shutil.ignore_patterns("__pycache__"))
    for rel in ("mkdocs.yml", ".pre-commit-config.yaml", "Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / rel, dest / rel)
    (dest / ".venv").symlink_to(ROOT / ".venv")


def test_make_hooks_installs_and_pre_commit_runs_offline(tmp_path):
    """`make hooks`, then `pre-commit run --all-files` and a commit, with every proxy pointing nowhere."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _copy_for_hooks(repo)
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "HTTP_PROXY": dead, "HTTPS_PROXY": dead,
           "http_proxy": dead, "https_proxy": dead, "NO_PROXY": "", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "NO_MKDOCS_2_WARNING": "1"}

    def run(*cmd):
        return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)

    assert run("git", "init", "-q").returncode == 0
    (repo / ".gitignore").write_text("/.venv\n/docs/cases/\n", encoding="utf-8")
    assert run("git", "add", "-A").returncode == 0
    made = run("make", "-o", ".venv/.installed-site", "-o", ".venv/.installed-test", "hooks")
    assert made.returncode == 0, made.stdout + made.stderr
    assert (repo / ".git" / "hooks" / "pre-commit").is_file()
    result = run(".venv/bin/pre-commit", "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "casebook validate" in result.stdout and "Passed" in result.stdout
    assert run("git", "commit", "-q", "-m", "first").returncode == 0
    case = repo / "cases" / "c01.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("theme: supervision", "theme: supervison"), encoding="utf-8")
    run("git", "add", "cases/c01.yaml")
    refused = run("git", "commit", "-q", "-m", "typo")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "error[CB012]" in output and "'supervision' のことですか" in output


def test_vscode_maps_the_case_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert "cases/c*.yaml" in settings["yaml.schemas"]["./cases/case.schema.json"]


def test_case_files_declare_the_schema():
    for path in sorted((ROOT / "cases").glob("c*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=case.schema.json\n"), path
