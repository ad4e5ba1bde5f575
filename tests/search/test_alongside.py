"""The search data written beside the build (render/search_alongside.py) is the one-shot data."""
from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook.build import site as site_module
from casebook.build.site import build_site
from casebook.core.project import Project
from casebook.render import search_shards
from casebook.render.search_alongside import SearchAlongside


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_shot(repo: Path) -> dict[str, bytes]:
    """The search data of a plain `mkdocs build` (rewrite_index, no worker)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    site = repo / "one-shot-site"
    build(load_config(str(repo / "mkdocs.yml"), site_dir=str(site)))
    return files(site / "search")


def written_by_worker(monkeypatch) -> list[dict]:
    """The counts the worker answered (a list filled as the build runs)."""
    answers, real = [], SearchAlongside.write

    def spy(self, *args):
        answers.append(real(self, *args))
        return answers[-1]

    monkeypatch.setattr(SearchAlongside, "write", spy)
    return answers


def test_streamed_search_data_is_the_one_shot_data_byte_for_byte(repo, monkeypatch):
    answers = written_by_worker(monkeypatch)
    build_site(Project(repo), progress=lambda _: None)
    streamed = files(repo / "site" / "search")
    assert len(answers) == 1 and answers[0]["pages"] > 21
    assert not any(".tmp" in name for name in streamed)
    assert streamed == one_shot(repo)
    # the case pages are numbered first, in build order
    pages = [row[0] for row in search_shards.read(repo / "site" / "search", "meta")["pages"]]
    assert pages[:21] == [f"cases/c{n:02d}/" for n in range(1, 22)]
    assert not any(page.startswith("cases/c") for page in pages[21:])


def broken_start(self):
    raise OSError("no process")


def killed(side: SearchAlongside) -> SearchAlongside:
    side._process.kill()
    return side


def failing(side: SearchAlongside) -> SearchAlongside:
    side._items.put(("add", None))      # before "begin": the worker fails on its first item
    return side


@pytest.mark.parametrize("worker", ["cannot start", "killed", "fails"])
def test_without_the_worker_the_build_writes_the_same_search_data(repo, monkeypatch, worker):
    sides = []

    def make():
        with monkeypatch.context() as patch:
            if worker == "cannot start":
                patch.setattr(multiprocessing.get_context("spawn").Process, "start", broken_start)
            sides.append(SearchAlongside())
        return {"cannot start": lambda s: s, "killed": killed, "fails": failing}[worker](sides[-1])

    monkeypatch.setattr(site_module, "SearchAlongside", make)
    answers = written_by_worker(monkeypatch)
    build_site(Project(repo), progress=lambda _: None)
    assert not answers
    assert not sides[0].running
    streamed = files(repo / "site" / "search")
    assert not any(".tmp" in name for name in streamed)
    assert streamed == one_shot(repo)


def test_a_failed_build_ends_the_worker(repo, monkeypatch):
    from casebook.core.errors import BuildFailed
    sides, processes = [], []

    def make():
        sides.append(SearchAlongside())
        processes.append(sides[-1]._process)
        return sides[-1]

    monkeypatch.setattr(site_module, "SearchAlongside", make)
    page = repo / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[壊れたリンク](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(Project(repo), progress=lambda _: None)
    assert not sides[0].running and not processes[0].is_alive()


KILLED_PARENT = """
import os, signal, sys
from pathlib import Path
from casebook.render.search_alongside import SearchAlongside
side = SearchAlongside()
side.begin(Path(sys.argv[1]), [])
print(side._process.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_worker_dies_with_a_killed_build(tmp_path):
    result = subprocess.run([sys.executable, "-c", KILLED_PARENT, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == -signal.SIGKILL
    pid = int(result.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail(f"the search worker {pid} outlived its build")


def test_words_found_as_entries_come_are_exact_hits(tmp_path):
    docs = [["a/", "協議会の題", "ジョブコーチ と 協議会。協議会 就業・生活", ["研修"]], ["a/#s", "節", "ＡＢ ab 支援"],
            ["b/", "就業生活", "支援 支援 支 援 ジョブ コーチ"], ["c/", "ｶﾅ", "かな カナ a b"]]
    groups = [["ジョブコーチ", "JC"], ["就業・生活", "支援"], ["ｶﾅ", "a", "ジョブ コーチ"], ["協議会", "支"]]
    one_shot, ahead = tmp_path / "one", tmp_path / "ahead"
    search_shards.write(one_shot, docs, {"synonyms": groups})
    writer = search_shards.Writer(ahead, groups)
    writer.add(docs[:2])
    writer.settle()         # grams encoded so far; later entries append to some and add others
    writer.add(docs[2:])
    writer.finish({"synonyms": groups})
    assert files(ahead) == files(one_shot)
    assert search_shards.read(ahead, "s/1")["支援"]
    other = search_shards.Writer(tmp_path / "other", [["別"]])     # other groups in the end: found then
    other.add(docs)
    other.finish({"synonyms": groups})
    assert files(tmp_path / "other") == files(one_shot)
