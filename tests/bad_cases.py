"""Helpers for the broken-case fixtures in tests/fixtures/bad/.

Each fixture NAME.yaml is placed as cases/c99.yaml beside a valid partner case
(cases/c98.yaml); NAME.expected holds the exact output of `casebook validate`.
`python tests/bad_cases.py --write` re-records the expectations; review the diff.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"


def place(root: Path, fixture: Path) -> None:
    cases = root / "cases"
    for old in cases.glob("c*.yaml"):
        old.unlink()
    shutil.copy(FIXTURES / "valid_partner.yaml", cases / "c98.yaml")
    shutil.copy(fixture, cases / "c99.yaml")


def fixtures() -> list[Path]:
    return sorted(BAD.glob("*.yaml"))


if __name__ == "__main__" and "--write" in sys.argv:
    import os
    import tempfile
    sys.path.insert(0, str(Path(__file__).parent))
    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    from conftest import copy_repo, run_cli
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_repo(Path(tmp) / "repo", with_cases=False)
        os.chdir(root)
        for fixture in fixtures():
            place(root, fixture)
            code, out, _ = run_cli("validate")
            fixture.with_suffix(".expected").write_text(out, encoding="utf-8")
            print(f"{fixture.stem}: exit {code}")
