"""Kill a build at chosen moments and look at site/: shared by test_atomic_swap.py and fs_stress.py."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

POINTS = ("created", "built", "scanned", "swapped", "removed-old")

# A build that SIGKILLs itself at one named point (swap.checkpoint), as a crash or `kill -9` would.
KILLER = """
import os, signal, sys
from pathlib import Path
from casebook.build.site import swap
point = sys.argv[1]
def checkpoint(name):
    if name == point:
        os.kill(os.getpid(), signal.SIGKILL)
swap.checkpoint = checkpoint
from casebook.build.site import build_site
from casebook.core.project import Project
build_site(Project(Path.cwd()), progress=lambda _: None)
"""

BUILD = "import sys; from casebook.cli import main; sys.exit(main(['build']))"


def digest(site: Path) -> str | None:
    """One hash over every file name and content; None when there is no site folder."""
    if not site.is_dir():
        return None
    total = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            total.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def kill_at(repo: Path, point: str) -> int:
    result = subprocess.run([sys.executable, "-c", KILLER, point], cwd=repo, capture_output=True)
    return result.returncode


def kill_after(repo: Path, seconds: float) -> int:
    """Start `casebook build` and SIGKILL it after `seconds` (if it is still running)."""
    process = subprocess.Popen([sys.executable, "-c", BUILD], cwd=repo,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    return process.wait()


class Watcher(threading.Thread):
    """Looks at site/ as often as it can while builds run; counts the moments it was missing
    or incomplete (no index.html, no sitemap.xml or no owner marker)."""

    def __init__(self, site: Path):
        super().__init__(daemon=True)
        self.site, self.looks, self.misses = site, 0, 0
        self._done = threading.Event()

    def run(self):
        needed = [self.site / name for name in ("index.html", "sitemap.xml", ".casebook-site")]
        while not self._done.is_set():
            self.looks += 1
            if not all(os.path.isfile(path) for path in needed):
                self.misses += 1
            time.sleep(0.0005)

    def stop(self):
        self._done.set()
        self.join()


def leftovers(repo: Path) -> list[str]:
    return sorted(p.name for p in repo.glob(".site-build-*"))
