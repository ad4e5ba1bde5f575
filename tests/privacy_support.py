"""The privacy corpora (tests/fixtures/privacy/) and a way to run privacy rules on one sentence."""
from __future__ import annotations

import json
from pathlib import Path

from casebook.rules import RULES
from casebook.sources.load import load_text

CORPUS = Path(__file__).parent / "fixtures" / "privacy"


def lines(name: str) -> list[str]:
    """The corpus file's sentences: blank lines and # comments left out."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def findings(text: str, codes, comment: str = "") -> list:
    """What the rules `codes` report for `text` as a case's context (`comment`: lines above it)."""
    doc, problems = load_text(f"{comment}context: {json.dumps(text, ensure_ascii=False)}\n", "cases/c99.yaml")
    assert problems == []
    return [f for code in codes for f in RULES[code].check(None, doc)]
