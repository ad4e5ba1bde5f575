"""Validate time of case files at the size limit full of adversarial text (no timing in tests).

    .venv/bin/python tests/perf_adversarial.py [--json]

Each file is the valid test case with one part blown up to just under the 200 KB limit with text
that made a rule quadratic before (or a limit that stops it). tests/test_untrusted.py checks that
every file here is refused or accepted with CB errors only; the time is for people to read.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "scripts"))

from bad_cases import VALID  # noqa: E402
from casebook.sources.load import CASE_LIMITS  # noqa: E402

LIMIT = CASE_LIMITS.max_bytes
BASE = VALID.read_text(encoding="utf-8").replace("id: c98", "id: c99").replace("related:\n  - c99\n", "")


def _fill(unit: str, budget: int) -> str:
    return unit * max(1, budget // len(unit.encode("utf-8")))


def _context(unit: str) -> str:
    """The case with its context (a | block) filled with `unit` up to the limit."""
    head, _, tail = BASE.partition("context: |\n")
    rest = tail[tail.index("\nsteps:"):]
    budget = LIMIT - len((head + "context: |\n" + rest).encode("utf-8")) - 64
    while True:
        lines = _fill(unit, budget).split("\n")
        text = head + "context: |\n" + "".join(f"  {line}\n" for line in lines if line) + rest.lstrip("\n")
        size = len(text.encode("utf-8"))
        if size <= LIMIT:
            return text
        budget -= size - LIMIT + 64   # the indent of each line


def _list(key: str, item: str, count: int) -> str:
    head, _, tail = BASE.partition("roles:\n  - flat-relations\n")
    return head + f"{key}:\n" + f"  - {item}\n" * count + tail


def cases() -> dict[str, str]:
    """name -> file text, each at most the size limit."""
    return {
        "email-no-at": _context("a" * 2000 + "\n"),
        "email-many-at": _context("a@" * 1000 + "\n"),
        "link-target-lines": _context("[" + "x" * 20 + "\n"),
        "honorific": _context("本人さんと話した。"),
        "honorific-run": _context("さん"),
        "many-findings": _context("090-1234-5678 a@b.example 〒123-4567 山田さん\n"),
        "mixed": _context("a" * 300 + " [x\n本人さんと話した。さんさん a@a@a {a a <a:b 1999 年 1 月 1 日 ](x \n"),
        "attr-and-html": _context("{ a a a a <b <a:b " * 4 + "\n"),
        "birth-date": _context("1999 年 1 月 1 日 " * 3 + "\n"),
        "unique-mappings": _list("roles", "{a: 1}", CASE_LIMITS.max_items),
        "unique-strings": _list("roles", "flat-relations", CASE_LIMITS.max_items),
        "steps-unknown-keys": BASE.replace("steps:\n", "steps:\n" + ("  - {" + ", ".join(f"k{i}: 1" for i in range(400)) + "}\n") * 55),
        "unknown-keys": BASE + "".join(f"unknown_key_{i:05d}: x\n" for i in range(CASE_LIMITS.max_items - 40)),
        "deep-flow": "id: c99\ntags: " + "{" * 100_000 + "}" * 100_000 + "\n",
        "long-integers": BASE.replace("tags:\n  - 研修\n", "tags:\n" + "  - 999999999999999\n" * 400),
    }


def measure() -> dict[str, dict]:
    import os

    from conftest import run_cli
    from repo_support import copy_repo
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_repo(Path(tmp) / "repo", with_cases=False)
        (root / "cases" / "c98.yaml").write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
        os.chdir(root)
        (root / "cases" / "c99.yaml").write_text(BASE, encoding="utf-8")
        assert run_cli("validate")[0] == 0   # warm up: imports and compiled patterns are not the file's cost
        for name, text in cases().items():
            data = text.encode("utf-8")
            assert len(data) <= LIMIT, (name, len(data))
            (root / "cases" / "c99.yaml").write_bytes(data)
            start = time.perf_counter()
            code, out, _ = run_cli("validate", "cases/c99.yaml")
            seconds = time.perf_counter() - start
            codes = sorted({line.split("error[")[1][:5] for line in out.splitlines() if "error[" in line})
            results[name] = {"bytes": len(data), "seconds": round(seconds, 3), "exit": code,
                             "errors": len(out.splitlines()), "codes": codes}
    return results


if __name__ == "__main__":
    figures = measure()
    if "--json" in sys.argv:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        for name, row in figures.items():
            print(f"{name:20} {row['bytes']:>7,} B  {row['seconds']:6.3f} s  exit {row['exit']}  "
                  f"{row['errors']:>6,} errors {' '.join(row['codes'])}")
