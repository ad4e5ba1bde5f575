"""Filesystem safety: casebook never deletes, replaces or writes outside what it owns.

Each refusal is checked from the outside: exit 2, a Japanese message, no traceback, and the
whole tree (repository and neighbours) byte-for-byte as it was.
"""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from casebook.core.project import Project
from casebook.editors.new import create_case
from casebook.generate.guard import SITE_MARKER
from casebook.generate.output import MARKER, ForeignFolder, sync
from repo_support import plant_traps


def tree(folder: Path) -> dict[str, str]:
    """Every entry under folder (links not followed) with a digest of its content or target."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "dir"
    return found


def refused(cli, *args) -> str:
    code, out, err = cli(*args)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and err.startswith("casebook: ")
    return err


SITE_DIRS = {
    ".": "リポジトリそのもの",
    "..": "リポジトリそのもの、またはそれを含む",
    "/": "それを含むフォルダ",
    "cases": "cases/ の中",
    "cases/new-site": "cases/ の中",
    "docs": "docs/ の中",
    "docs/cases": "docs/ の中",
    "docs/new-site": "docs/ の中",
    ".git": ".git/ の中",
    "overrides": "casebook が作ったフォルダではなく",
    "other-repo": "には .git があります",
    "holds-docs": "には docs があります",
    "holds-cases": "には cases があります",
    "a-file.txt": "ファイルです",
    "link-to-new": "シンボリックリンク",
    "link-to-root": "シンボリックリンク",
    "via-link/site": "cases/ の中",
}


@pytest.mark.parametrize("site_dir", SITE_DIRS)
def test_build_refuses_a_site_dir_it_may_not_replace(repo, cli, site_dir):
    (repo / ".git").mkdir()
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    plant_traps(repo)
    before = tree(repo.parent)
    err = refused(cli, "build", "--site-dir", site_dir)
    assert SITE_DIRS[site_dir] in err and " -- " in err
    assert tree(repo.parent) == before


def test_build_refuses_a_foreign_non_empty_folder_and_keeps_it(repo, cli, tmp_path):
    mine = tmp_path / "my-notes"
    mine.mkdir()
    (mine / "note.txt").write_text("大事なメモ", encoding="utf-8")
    err = refused(cli, "build", "--site-dir", str(mine))
    assert "casebook が作ったフォルダではなく" in err
    assert (mine / "note.txt").read_text(encoding="utf-8") == "大事なメモ"


def test_build_replaces_only_folders_it_wrote(repo, cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in (tmp_path / "new" / "site", empty):
        code, _, err = cli("build", "--site-dir", str(target))
        assert code == 0, err
        assert (target / "index.html").is_file() and (target / SITE_MARKER).is_file()
    code, _, err = cli("build", "--site-dir", str(empty))        # its own folder again: replaced
    assert code == 0, err
    (empty / SITE_MARKER).unlink()                               # no marker: no longer ours
    refused(cli, "build", "--site-dir", str(empty))
    assert not list(tmp_path.glob(".site-build-*"))


def test_a_site_built_before_the_marker_is_still_replaced(repo, cli):
    code, _, err = cli("build")
    assert code == 0, err
    (repo / "site" / SITE_MARKER).unlink()
    code, _, err = cli("build")
    assert code == 0, err
    assert (repo / "site" / SITE_MARKER).is_file()


@pytest.mark.parametrize("output, message", [
    ("cases/offline.zip", "cases/ の中"), ("docs/offline.zip", "docs/ の中"), ("docs", "ファイルではありません"),
    ("mkdocs.yml", "拡張子が .zip ではありません"), ("fake.zip", "zip ファイルではない"),
    ("link.zip", "シンボリックリンク"), ("via-link/x.zip", "cases/ の中"),
])
def test_offline_refuses_an_output_it_may_not_replace(repo, cli, output, message):
    (repo / "fake.zip").write_text("not a zip", encoding="utf-8")
    (repo / "link.zip").symlink_to(repo / "cases" / "c01.yaml")
    (repo / "via-link").symlink_to(repo / "cases")
    before = tree(repo.parent)
    assert message in refused(cli, "offline", "--output", output)
    assert tree(repo.parent) == before


# --- the generator's writer: the second wall behind key validation ---

ESCAPES = ["../x.md", "../../../../x.md", "/tmp/x.md", "a/../../x.md", "block/../../../x.md", ".hidden.md",
           "a//b.md", "./a.md", "a\\..\\..\\x.md", "a/\0.md", "..", ""]


@pytest.mark.parametrize("rel", ESCAPES)
def test_sync_refuses_names_that_leave_its_folder(tmp_path, rel):
    out = tmp_path / "deep" / "out"
    before = tree(tmp_path)
    with pytest.raises(ForeignFolder):
        sync(out, {"ok.md": "A", rel: "B"})
    assert tree(tmp_path) == before          # refused before anything was written


def test_sync_refuses_links_and_never_writes_through_them(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("外", encoding="utf-8")
    sync(out, {"block/a.md": "A"})
    for link, target in (("block/b.md", outside / "keep.md"), ("theme", outside)):
        (out / link).symlink_to(target)
        before = tree(tmp_path)
        with pytest.raises(ForeignFolder, match="シンボリックリンク"):
            sync(out, {"block/a.md": "A", "block/b.md": "B", "theme/x.md": "X"})
        assert tree(tmp_path) == before
        (out / link).unlink()
    linked = tmp_path / "linked-out"
    linked.symlink_to(outside)
    with pytest.raises(ForeignFolder, match="フォルダではありません"):
        sync(linked, {"a.md": "A"})
    assert tree(outside) == {"keep.md": hashlib.sha256("外".encode()).hexdigest()}


def test_taxonomy_key_with_dots_writes_nothing_outside(repo, cli):
    taxonomy = repo / "cases" / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(text.replace("- key: kinki", "- key: ../../../../escaped", 1), encoding="utf-8")
    for case in (repo / "cases").glob("c*.yaml"):
        case.write_text(case.read_text(encoding="utf-8").replace("block: kinki", "block: ../../../../escaped"),
                        encoding="utf-8")
    outside = {p for p in repo.parent.parent.rglob("*escaped*")}
    code, _, err = cli("build")
    assert code in (1, 2) and "Traceback" not in err
    assert {p for p in repo.parent.parent.rglob("*escaped*")} == outside
    assert not (repo / "site").exists()


# --- a foreign file in docs/cases/ ---

def test_foreign_file_in_the_generated_folder_is_kept_and_named(repo, cli):
    code, _, err = cli("generate")
    assert code == 0, err
    note = repo / "docs" / "cases" / "block" / "my-notes.md"
    note.write_text("手で書いたページ", encoding="utf-8")
    (repo / "docs" / "cases" / ".DS_Store").write_bytes(b"\0")     # dot files are left alone
    for command in (("generate",), ("build",)):
        err = refused(cli, *command)
        assert "block/my-notes.md" in err and "casebook が作っていないファイル" in err
    assert note.read_text(encoding="utf-8") == "手で書いたページ"
    note.unlink()
    code, _, err = cli("build")
    assert code == 0, err
    assert (repo / "docs" / "cases" / ".DS_Store").exists()


def test_unmarked_generated_folder_is_refused_without_traceback(repo, cli):
    folder = repo / "docs" / "cases"
    folder.mkdir()
    (folder / "notes.md").write_text("x", encoding="utf-8")
    assert "casebook 以外のファイル" in refused(cli, "build")
    assert (folder / "notes.md").read_text(encoding="utf-8") == "x"


def test_leftovers_of_a_killed_generation_are_cleaned(repo, cli):
    cli("generate")
    out = repo / "docs" / "cases"
    (out / ".c01.md.casebook-tmp").write_text("half", encoding="utf-8")
    (out / "c01.md").unlink()
    code, _, err = cli("generate")
    assert code == 0, err
    assert not (out / ".c01.md.casebook-tmp").exists() and (out / "c01.md").is_file()
    assert MARKER in os.listdir(out)


# --- casebook new, many at once ---

def test_new_run_at_once_takes_distinct_numbers(repo, monkeypatch):
    """Every thread starts from the same free number, so all but one collide and move on."""
    project = Project(repo)
    monkeypatch.setattr("casebook.editors.new.used_ids", lambda _project: set(range(1, 22)))
    start, paths, errors = threading.Barrier(8), [], []

    def worker():
        start.wait()
        try:
            paths.append(create_case(project, "kinki", "supervision", "2026-11-27"))
        except Exception as exc:           # noqa: BLE001 - any failure is the finding
            errors.append(exc)
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(p.name for p in paths) == [f"c{n}.yaml" for n in range(22, 30)]
    for path in paths:
        assert f"id: {path.stem}\n" in path.read_text(encoding="utf-8")


def test_new_skips_a_number_taken_by_a_folder_or_link(repo, cli):
    (repo / "cases" / "c22.yaml").mkdir()
    (repo / "cases" / "c23.yaml").symlink_to("/dev/null")
    code, out, err = cli("new", "--block", "kinki", "--theme", "supervision")
    assert (code, out.strip()) == (0, "cases/c24.yaml"), err


def test_new_in_separate_processes_started_together(repo):
    from fs_stress import concurrent_new
    figures = concurrent_new(repo.parent / "stress", rounds=1, width=4)
    assert (figures["new_failures"], figures["new_tracebacks"]) == (0, 0)
