"""`casebook new`: the next free case file, written from the commented template."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..core.project import CASE_FILE, Project
from ..render.template import render_template


def used_ids(project: Project) -> set[int]:
    """Every case number ever used: files present now and any in git history.

    IDs are never reused, so a case file deleted by mistake still holds its number.
    """
    numbers = {int(p.stem[1:]) for p in project.case_files()}
    try:
        log = subprocess.run(["git", "-C", str(project.root), "log", "--all", "--format=", "--name-only",
                              "--", "cases/"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        log = ""
    for line in log.splitlines():
        name = line.rsplit("/", 1)[-1]
        if CASE_FILE.match(name):
            numbers.add(int(name[1:-5]))
    return numbers


def next_id(project: Project) -> str:
    return case_name(max(used_ids(project), default=0) + 1)


def case_name(number: int) -> str:
    return f"c{number:02d}"


def create_case(project: Project, block: str, theme: str, today: str, attempts: int = 100) -> Path:
    """Write the next free case file; safe when several `casebook new` run at once.

    The file is created exclusively (O_EXCL): when another run took the number first,
    the next number is tried, so no file is ever overwritten and no run fails for it.
    """
    number = max(used_ids(project), default=0) + 1
    for _ in range(attempts):
        case_id = case_name(number)
        path = project.cases_dir / f"{case_id}.yaml"
        data = render_template(project, case_id, block, theme, today).encode("utf-8")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            number += 1
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            path.unlink(missing_ok=True)    # never leave a half-written case
            raise
        return path
    raise FileExistsError(f"{project.rel(path)} まで {attempts} 個の番号がすでに使われています")
