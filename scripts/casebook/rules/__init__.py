"""Validation: the rule table and every rule module, registered here explicitly.

Importing casebook.rules (or any module in it) registers every rule, so a caller, a test run
alone included, always sees the full table. Order: the rules the loader and the schema pass
report (registry), then structure, Markdown, privacy, names.
"""
from . import markup, names, privacy, structure  # noqa: F401  (each module registers its rules)
from .registry import RULES, Rule

__all__ = ["RULES", "Rule"]
