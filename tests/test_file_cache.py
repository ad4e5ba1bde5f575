"""The per-file cache of `casebook serve` (rules.validate.FileCache): a run with it says exactly
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
