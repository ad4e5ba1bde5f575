"""Diagnostics shared by every stage: one error = one located, coded message."""
from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""

    def format(self, style: str = "text") -> str:
        if style == "github":
            # GitHub workflow commands need %, CR and LF escaped in the message part.
            text = self.message + (f" -- {self.hint}" if self.hint else "")
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return (f"::error file={self.path},line={self.line},col={self.col},"
                    f"title={self.code}::{text}")
        suffix = f" -- {self.hint}" if self.hint else ""
        return one_line(f"{self.path}:{self.line}:{self.col}: error[{self.code}] {self.message}{suffix}")


def one_line(text: str) -> str:
    """One error, one line: a quoted key or file name may hold line breaks (shown as \\n)."""
    return _BREAK.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_BREAK = re.compile("[\r\n\u2028\u2029]")


def in_order(diagnostics) -> list[Diagnostic]:
    """Sorted by file, line, column: one tuple per item, not one per comparison."""
    return sorted(diagnostics, key=_FIELDS)


_FIELDS = attrgetter("path", "line", "col", "code", "message", "hint")


class CasebookError(Exception):
    """Raised when input is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = in_order(diagnostics)
        super().__init__(f"{len(self.diagnostics)} 件のエラー")


def summary(diagnostics: list[Diagnostic]) -> str:
    files = len({d.path for d in diagnostics})
    return f"{len(diagnostics)} 件のエラー（{files} ファイル）"
