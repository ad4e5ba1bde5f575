"""The generator's folder, the MkDocs hook, and the build's all-or-nothing swap."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.build.site import BuildFailed, build_site
from casebook.core.project import Project
from casebook.generate.generator import generate
from casebook.generate.output import ForeignFolder, sync


def test_sync_rewrites_only_changed_and_deletes_stale(tmp_path):
    out = tmp_path / "out"
    assert sync(out, {"a.md": "A", "b/c.md": "C"})["written"] == 3          # two pages + the marker
    before = (out / "a.md").stat().st_mtime_ns
    counts = sync(out, {"a.md": "A", "d.md": "D"})
    assert counts == {"written": 2, "unchanged": 1, "deleted": 1}     # d.md and the marker's file list
    assert (out / "a.md").stat().st_mtime_ns == before
    assert not (out / "b").exists()


def test_sync_refuses_a_folder_it_does_not_own(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "handwritten.md").write_text("x", encoding="utf-8")
    with pytest.raises(ForeignFolder):
        sync(out, {"a.md": "A"})
    assert (out / "handwritten.md").exists()


def test_generation_is_deterministic_and_idempotent(repo):
    project = Project(repo)
    first = generate(project)
    assert first.counts["written"] > 60
    second = generate(project)
    assert second.counts["written"] == 0 and second.counts["deleted"] == 0


def test_generator_pages_exist(repo):
    generate(Project(repo))
    out = repo / "docs" / "cases"
    for rel in ["index.md", "c01.md", "c21.md", "block/kinki.md", "theme/supervision.md", "role/flat-relations.md",
                "_parts/matrix.md", "_parts/points/stance/respect-will.md"]:
        assert (out / rel).is_file(), rel


def test_plain_mkdocs_build_runs_the_generator_through_the_hook(repo):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(repo / "out")], cwd=repo, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (repo / "out" / "cases" / "c07" / "index.html").is_file()
    assert "WARNING" not in result.stderr


def test_broken_link_in_a_page_fails_strictly_and_keeps_site(repo):
    project = Project(repo)
    build_site(project, progress=lambda _: None)
    marker = (repo / "site" / "index.html").read_bytes()
    page = repo / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[壊れたリンク](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(project, progress=lambda _: None)
    assert any("nowhere.md" in line for line in failure.value.details)
    assert (repo / "site" / "index.html").read_bytes() == marker
    assert not list(repo.glob(".site-build-*"))


def test_unsafe_hand_written_html_fails_the_build(repo):
    page = repo / "docs" / "sources.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<p onclick="alert(1)">x</p>\n', encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(Project(repo), progress=lambda _: None)
    assert any("onclick" in line for line in failure.value.details)
    assert not (repo / "site").exists()


def test_case_page_links_the_yaml_as_edit_target(repo, monkeypatch):
    monkeypatch.setenv("CASEBOOK_EDIT_BASE", "https://github.com/example/casebook/edit/main")
    build_site(Project(repo), progress=lambda _: None)
    case = (repo / "site" / "cases" / "c05" / "index.html").read_text(encoding="utf-8")
    guide = (repo / "site" / "guide" / "kikangata" / "index.html").read_text(encoding="utf-8")
    listing = (repo / "site" / "cases" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/casebook/edit/main/cases/c05.yaml"' in case
    assert 'href="https://github.com/example/casebook/edit/main/docs/guide/kikangata.md"' in guide
    assert "/edit/main/" not in listing


def _with_a_name(repo: Path, case: str) -> None:
    path = repo / "cases" / f"{case}.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("summary:"))
    path.write_text(text.replace(line, "summary: 豊中市の高橋花子さんが相談に来ました。"), encoding="utf-8")


def test_a_name_found_beside_generation_stops_the_build_and_keeps_the_site(repo):
    """The name check runs in a second process while the cases are checked and rendered: what
    it finds still stops the build before anything is written, as `validate` reports it."""
    from casebook.core.diagnostics import CasebookError
    from casebook.rules.validate import Context, validate
    from repo_support import previous_site
    site = previous_site(repo)
    _with_a_name(repo, "c04")
    with pytest.raises(CasebookError) as failure:
        build_site(Project(repo), progress=lambda _: None)
    found = [d.format() for d in failure.value.diagnostics]
    assert any("CB056" in line for line in found), found
    assert found == [d.format() for d in validate(Context.create(Project(repo)))[1]]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(repo.glob(".site-build-*")) and not (repo / "docs" / "cases").exists()


def test_other_errors_come_with_the_names_found_beside(repo):
    from casebook.core.diagnostics import CasebookError
    from casebook.rules.validate import Context, validate
    _with_a_name(repo, "c04")
    other = repo / "cases" / "c09.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("theme: ", "theme: x-", 1), encoding="utf-8")
    with pytest.raises(CasebookError) as failure:
        build_site(Project(repo), progress=lambda _: None)
    found = [d.format() for d in failure.value.diagnostics]
    assert {d.split(" ")[1] for d in found} >= {"error[CB056]", "error[CB012]"}, found
    assert found == [d.format() for d in validate(Context.create(Project(repo)))[1]]


@pytest.mark.parametrize("worker", ["runs", "gone"])
def test_the_names_found_beside_are_the_rule_s_findings(repo, worker):
    """The worker only analyses the texts it is handed; the findings are made here, and without
    the worker (it could not start, or died) the texts are analysed here: the same findings."""
    from casebook.build.names import NamesAlongside
    from casebook.build.site import BESIDE_GENERATION
    from casebook.core.diagnostics import in_order
    from casebook.rules.validate import Context, Skip, validate
    _with_a_name(repo, "c04")
    _with_a_name(repo, "c07")
    names = NamesAlongside()
    if worker == "gone":
        names.close()
    _, rest = validate(Context.create(Project(repo)), skip=Skip(BESIDE_GENERATION, sink=names.add))
    found = names.findings()
    assert found and {d.code for d in found} == {"CB056"}
    assert names.findings() is found
    assert in_order(set(rest) | set(found)) == validate(Context.create(Project(repo)))[1]
