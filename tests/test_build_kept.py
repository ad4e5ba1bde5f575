"""`casebook build` with the results of earlier runs (core/stored.py, rules/file_cache.FileCache):
the same site as a fresh clone builds, nothing checked twice, and nothing let through."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from casebook.build.site import build_site
from casebook.core.diagnostics import CasebookError
from casebook.core.project import Project
from casebook.core.stored import FOLDER, Stored


def manifest(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stored(root: Path, user: Path) -> Stored:
    return Stored.for_project(root, key_folder=user)


@pytest.fixture
def starts(monkeypatch) -> list:
    """The name-check workers started."""
    import casebook.build.names as names
    started, real = [], names.start
    monkeypatch.setattr(names, "start", lambda target: started.append(target) or real(target))
    return started


def test_a_build_with_kept_results_builds_the_same_site(repo, tmp_path, starts):
    build_site(Project(repo), progress=lambda _: None)
    fresh = manifest(repo / "site"), manifest(repo / "docs" / "cases")
    cases = len(Project(repo).case_files())
    first = build_site(Project(repo), progress=lambda _: None, stored=stored(repo, tmp_path / "user"))
    assert first.kept == 0 and len(starts) == 2      # the fresh build's worker and this one's
    lines = []
    second = build_site(Project(repo), progress=lines.append, stored=stored(repo, tmp_path / "user"))
    assert second.kept == cases
    assert len(starts) == 2                          # every file kept clean: no name check to run
    assert any(f"{cases} 件は、検査を省きました" in line for line in lines)
    assert (manifest(repo / "site"), manifest(repo / "docs" / "cases")) == fresh


def _with_a_place(repo: Path) -> Path:
    path = repo / "cases" / "c04.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(line, line + " 能勢町", 1), encoding="utf-8")
    return path


def test_an_edited_kept_file_is_checked_again(repo, tmp_path):
    build_site(Project(repo), progress=lambda _: None, stored=stored(repo, tmp_path / "user"))
    _with_a_place(repo)
    with pytest.raises(CasebookError) as failure:
        build_site(Project(repo), progress=lambda _: None, stored=stored(repo, tmp_path / "user"))
    assert [(d.path, d.code) for d in failure.value.diagnostics] == [("cases/c04.yaml", "CB056")]


def forge(repo: Path, author: Path, path: Path) -> None:
    """The author's own kept results, saying the edited file was checked clean."""
    forged = Stored.for_project(repo, key_folder=author)
    content = forged.read()
    entry = content["files"]["cases/c04.yaml"]
    digest = hashlib.sha256(path.read_text(encoding="utf-8").encode()).digest()
    content["files"]["cases/c04.yaml"] = (digest, *entry[1:])
    assert forged.write(content)


def test_results_kept_under_another_key_are_not_trusted(repo, tmp_path):
    """A pull request can add `.casebook_cache/`: signed with its author's key, it is ignored,
    and a file it says is clean is checked like any other."""
    author, maintainer = tmp_path / "author", tmp_path / "maintainer"
    build_site(Project(repo), progress=lambda _: None, stored=stored(repo, author))
    path = _with_a_place(repo)
    forge(repo, author, path)
    forged = (repo / FOLDER / "checked.pickle").read_bytes()
    with pytest.raises(CasebookError) as failure:
        build_site(Project(repo), progress=lambda _: None, stored=stored(repo, maintainer))
    assert [(d.path, d.code) for d in failure.value.diagnostics] == [("cases/c04.yaml", "CB056")]
    # The forgery itself works where its key is: the key outside the repository is the guard.
    (repo / FOLDER / "checked.pickle").write_bytes(forged)
    report = build_site(Project(repo), progress=lambda _: None, stored=stored(repo, author))
    assert report.kept == len(Project(repo).case_files())


def test_the_cli_keeps_results_unless_told_not_to(repo, cli):
    code, out, _ = cli("build", "--no-cache")
    assert code == 0 and not (repo / FOLDER).exists()
    code, out, _ = cli("validate", "--no-cache")
    assert code == 0 and not (repo / FOLDER).exists()
    code, out, _ = cli("build")
    assert code == 0 and (repo / FOLDER / "checked.pickle").is_file()
    code, out, err = cli("validate")
    assert code == 0 and "OK" in err
    code, out, _ = cli("build")
    assert code == 0 and "検査を省きました" in out
