"""The per-file cache of `casebook serve` (rules/file_cache.FileCache): a run with it says exactly
what a run without it says, and it reuses only what the files it saw still hold."""
from __future__ import annotations

import os

from casebook.core.project import Project
from casebook.rules.validate import Context, FileCache, validate


def run(root, cache=None):
    """(diagnostic lines, loaded case data by file) of a full validation."""
    docs, problems = validate(Context.create(Project(root)), cache=cache)
    return [d.format() for d in problems], {d.rel: d.data for d in docs}


def test_cached_runs_say_what_fresh_runs_say(repo):
    cache = FileCache()
    files = len(Project(repo).case_files())
    assert run(repo, cache) == run(repo)
    assert cache.hits == 0
    assert run(repo, cache) == run(repo)
    assert cache.hits == files                       # nothing changed: every file from the cache

    case = repo / "cases" / "c03.yaml"
    original = case.read_text(encoding="utf-8")
    case.write_text(original.replace("block: ", "block: nowhere-", 1), encoding="utf-8")
    cache.hits = 0
    cached = run(repo, cache)
    assert cached == run(repo)
    assert any("cases/c03.yaml" in line and "CB012" in line for line in cached[0])
    assert cache.hits == files - 1                   # only the edited file was loaded again

    case.write_text(original, encoding="utf-8")
    assert run(repo, cache) == run(repo)
    assert run(repo, cache)[0] == []


def test_a_data_file_change_checks_every_case_again(repo):
    cache = FileCache()
    run(repo, cache)
    taxonomy = repo / "cases" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# 変更\n", encoding="utf-8")
    cache.hits = 0
    assert run(repo, cache) == run(repo)
    assert cache.hits == 0


def test_a_cached_file_replaced_by_a_link_or_removed(repo, tmp_path):
    cache = FileCache()
    run(repo, cache)
    case = repo / "cases" / "c05.yaml"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(case.read_bytes())
    case.unlink()
    os.symlink(outside, case)
    lines, data = run(repo, cache)
    assert any(line.startswith("cases/c05.yaml:1:1: error[CB009]") for line in lines)
    assert "cases/c05.yaml" not in data
    case.unlink()
    lines, data = run(repo, cache)
    assert "cases/c05.yaml" not in data and not any("c05.yaml" in line for line in lines)


# --- kept between runs (core/stored.py): `casebook validate` and `build` ---------------------

def kept_run(root, tmp_path, skip=None):
    """A run as the CLI makes it: the kept results read, used and written back."""
    from casebook.core.stored import Stored
    from casebook.rules.validate import NO_SKIP
    stored = Stored.for_project(root, key_folder=tmp_path / "user")
    cache = FileCache.from_stored(stored)
    docs, problems = validate(Context.create(Project(root)), cache=cache, skip=skip or NO_SKIP)
    cache.store(stored)
    return ([d.format() for d in problems], {d.rel: d.data for d in docs}), cache


def test_kept_runs_say_what_fresh_runs_say(repo, tmp_path):
    files = len(Project(repo).case_files())
    first, cache = kept_run(repo, tmp_path)
    assert first == run(repo) and cache.hits == 0
    again, cache = kept_run(repo, tmp_path)
    assert again == run(repo)
    assert cache.hits == files                       # a new process: every file from the kept results

    case = repo / "cases" / "c03.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("block: ", "block: nowhere-", 1), encoding="utf-8")
    edited, cache = kept_run(repo, tmp_path)
    assert edited == run(repo) and cache.hits == files - 1
    _, cache = kept_run(repo, tmp_path)
    assert cache.hits == files - 1                   # a file with an error is not kept: checked every time


def test_a_kept_file_gives_the_same_positions(repo, tmp_path):
    """A kept file is not parsed, until an error another file causes must name a line in it."""
    kept_run(repo, tmp_path)
    related = repo / "cases" / "c01.yaml"
    assert "related:\n  - c16\n" in related.read_text(encoding="utf-8")
    (repo / "cases" / "c16.yaml").unlink()
    lines, cache = kept_run(repo, tmp_path)
    assert lines == run(repo)
    assert any(line.startswith(f"cases/{related.name}:") and "CB022" in line for line in lines[0])
    assert cache.hits == len(Project(repo).case_files())


def test_a_rule_left_to_another_process_is_not_taken_as_run(repo, tmp_path):
    """The build keeps files checked without the name check (it runs beside); `validate`, which
    runs every rule, checks them again, until the build says the name check found nothing."""
    from casebook.rules.validate import Skip
    files = len(Project(repo).case_files())
    handed = []
    _, cache = kept_run(repo, tmp_path, Skip(frozenset({"CB056"}), sink=handed.append))
    assert len(handed) == files
    _, cache = kept_run(repo, tmp_path)
    assert cache.hits == 0                           # kept without CB056: not enough for validate
    handed.clear()
    _, cache = kept_run(repo, tmp_path, Skip(frozenset({"CB056"}), sink=handed.append))
    assert cache.hits == files and handed == []      # validate's results cover the build's: nothing to hand over


def test_checked_marks_the_rule_run(repo, tmp_path):
    from casebook.core.stored import Stored
    from casebook.rules.validate import Skip
    stored = Stored.for_project(repo, key_folder=tmp_path / "user")
    cache = FileCache.from_stored(stored)
    validate(Context.create(Project(repo)), cache=cache, skip=Skip(frozenset({"CB056"})))
    cache.checked(["cases/c01.yaml"], frozenset({"CB056"}))
    cache.store(stored)
    _, cache = kept_run(repo, tmp_path)
    assert cache.hits == 1 and "cases/c01.yaml" in {rel for rel, e in cache.entries.items() if e[1] is not None}
