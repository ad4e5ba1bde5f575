"""Every rule is registered by importing the rules package, whichever module a caller imports first."""
from __future__ import annotations

import subprocess
import sys

from casebook.rules import RULES
from repo_support import ROOT

PRIVACY_AND_NAMES = {"CB050", "CB051", "CB052", "CB053", "CB054", "CB055", "CB056"}


def _codes_after_importing(module: str) -> set[str]:
    code = f"import {module}\nfrom casebook.rules.registry import RULES\nprint(' '.join(sorted(RULES)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_a_fresh_process_sees_every_rule_whatever_it_imports_first():
    assert set(RULES) >= PRIVACY_AND_NAMES
    for module in ("casebook.rules.validate", "casebook.rules.registry", "casebook.book"):
        assert _codes_after_importing(module) == set(RULES), module


def test_the_regex_rules_are_tables_with_checks():
    from casebook.rules.markup import MARKDOWN_PATTERNS
    from casebook.rules.privacy import PATTERNS
    for code, title, _pattern, message, hint in (*MARKDOWN_PATTERNS, *PATTERNS):
        assert RULES[code].title == title and RULES[code].check is not None, code
        assert message and hint
