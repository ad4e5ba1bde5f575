"""Editors' tools: `casebook new`, the case proposal form and its conversion to a case file."""
