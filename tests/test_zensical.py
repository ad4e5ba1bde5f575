"""The generated Markdown also builds with Zensical, Material's successor (ARCHITECTURE.md: plain files,
no MkDocs-only features where plain files do). Zensical runs none of our hook, so this checks the
pages alone: every link resolves and every snippet is found, with no warning."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from casebook.core.project import Project
from casebook.generate.generator import generate

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_generated_site_builds_with_zensical_without_issues(repo):
    generate(Project(repo))
    zensical = Path(sys.executable).with_name("zensical")
    assert zensical.exists() or shutil.which("zensical"), "zensical がありません（requirements/test.lock）"
    run = subprocess.run([str(zensical) if zensical.exists() else "zensical", "build", "--clean"], cwd=repo,
                         capture_output=True, text=True, timeout=300)
    output = ANSI.sub("", run.stdout + run.stderr)
    assert run.returncode == 0, output[-3000:]
    assert "No issues found" in output, output[-3000:]
    page = (repo / "site" / "cases" / "c01" / "index.html").read_text(encoding="utf-8")
    assert 'href="../block/hokkaido/"' in page          # a relative link from the case card, resolved
