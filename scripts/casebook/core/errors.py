"""Every exception the library raises for a user to read; the CLI maps them to exit codes.

Content errors (exit 1): CasebookError (invalid input, with every diagnostic) and BuildFailed
(MkDocs or the safety scan refused the site). Refusals (exit 2, nothing written):
NotARepository, UnsafePath and ForeignFolder.
"""
from __future__ import annotations

from .diagnostics import CasebookError

__all__ = ["BuildFailed", "CasebookError", "ForeignFolder", "NotARepository", "UnsafePath"]


class BuildFailed(Exception):
    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


class ForeignFolder(Exception):
    """The folder, or something in it, is not casebook's to write (nothing has been written)."""


class UnsafePath(Exception):
    """A path casebook refuses to write, replace or delete (a usage error, exit 2)."""


class NotARepository(Exception):
    pass
