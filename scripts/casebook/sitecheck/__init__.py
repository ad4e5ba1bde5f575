"""Checks of a built site: unsafe HTML (scan) and internal links (linkcheck)."""
