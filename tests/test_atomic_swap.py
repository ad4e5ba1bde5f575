"""site/ is complete at every instant: a build killed at any moment leaves the old or the new
site (never none, never half of one), and the next build removes what the killed one left."""
from __future__ import annotations

import os
import random

from casebook.build.site import build_site, swap
from casebook.core.project import Project
from swap_support import POINTS, Watcher, digest, kill_after, kill_at, leftovers


def change_sources(repo):
    case = repo / "cases" / "c01.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("title: ", "title: 改訂 ", 1), encoding="utf-8")


def test_killed_at_every_step_leaves_a_whole_site(repo):
    site = repo / "site"
    build_site(Project(repo), progress=lambda _: None)
    old = digest(site)
    change_sources(repo)
    seen = {}
    watcher = Watcher(site)
    watcher.start()
    for point in POINTS:
        assert kill_at(repo, point) == -9, point
        seen[point] = digest(site)
        # the killed build's folder is still there (after "removed-old" nothing is left) ...
        assert bool(leftovers(repo)) == (point != "removed-old"), point
    build_site(Project(repo), progress=lambda _: None)
    watcher.stop()
    new = digest(site)
    assert leftovers(repo) == []                # ... until the next build removes it
    assert old != new
    assert {point: state in (old, new) for point, state in seen.items()} == dict.fromkeys(POINTS, True)
    assert seen["scanned"] == old and seen["swapped"] == new
    assert watcher.looks > 100 and watcher.misses == 0


def test_killed_at_random_moments_leaves_a_whole_site(repo):
    site = repo / "site"
    build_site(Project(repo), progress=lambda _: None)
    states = {digest(site)}
    change_sources(repo)
    rng = random.Random(11)
    watcher = Watcher(site)
    watcher.start()
    observed = []
    for _ in range(3):
        kill_after(repo, rng.uniform(0.5, 6.0))
        observed.append(digest(site))
    build_site(Project(repo), progress=lambda _: None)
    watcher.stop()
    states.add(digest(site))
    assert set(observed) <= states and None not in observed
    assert watcher.misses == 0 and leftovers(repo) == []


def test_a_running_build_keeps_its_folder(repo, tmp_path):
    """Another build only removes folders whose owner is gone (the marker's lock is free)."""
    running, lock = swap.new_build_folder(tmp_path)
    dead, dead_lock = swap.new_build_folder(tmp_path)
    os.close(dead_lock)
    assert swap.remove_leftovers(tmp_path) == [dead]
    assert running.is_dir() and not dead.exists()
    os.close(lock)
    unmarked = tmp_path / ".site-build-unmarked"
    unmarked.mkdir()
    assert swap.remove_leftovers(tmp_path) == [running] and unmarked.is_dir()


def test_swap_without_renameat2_still_replaces(repo, monkeypatch):
    monkeypatch.setattr(swap, "_renameat2", lambda src, dst, flags: False)
    for _ in range(2):
        build_site(Project(repo), progress=lambda _: None)
    assert (repo / "site" / "index.html").is_file() and leftovers(repo) == []
