"""Where in a case file a finding is: the one text-position helper every rule uses.

Positions come from the YAML parser's nodes (the loader keeps them), never from a text search.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ..core.diagnostics import Diagnostic
from ..sources.load import Loaded

INDENT = re.compile(" *")


def text_pos(doc: Loaded, path: tuple, offset: int) -> tuple[int, int]:
    """Position of character `offset` inside the string value at path.

    Exact for literal block scalars (`|`) and single-line scalars, which is how
    case files write text; for folded multi-line scalars it falls back to the
    value's start.
    """
    node = doc.nodes.get(tuple(path))
    if node is None:
        return doc.pos(path)
    row, col_in_row = _row_col(doc, node, offset)
    start_line, start_col = node.start_mark.line, node.start_mark.column
    if node.style == "|":
        line_index = start_line + 1 + row
        if line_index < len(doc.lines):
            source = doc.lines[line_index]
            indent = INDENT.match(source).end()   # not lstrip: that copies a long line per finding
            return line_index + 1, indent + col_in_row + 1
    if row == 0 and node.start_mark.line == node.end_mark.line:
        quote = 1 if node.style in ("'", '"') else 0
        return start_line + 1, start_col + quote + col_in_row + 1
    return start_line + 1, start_col + 1


def _row_col(doc: Loaded, node, offset: int) -> tuple[int, int]:
    """(row, column) of offset in a value, from a table of its line starts built once per node."""
    tables = doc.__dict__.setdefault("_line_starts", {})
    starts = tables.get(id(node))
    if starts is None:
        starts = tables[id(node)] = [0] + [m.end() for m in re.finditer("\n", node.value)]
    row = bisect.bisect_right(starts, offset) - 1
    return row, offset - starts[row]


def items(data: dict, key: str) -> list:
    """data[key] if it is a list, else [] (a wrong type is the schema pass's to report)."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def string_fields(data, path=()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from string_fields(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from string_fields(value, path + (i,))


def doc_strings(doc: Loaded) -> list[tuple[tuple, str]]:
    """Every (path, text) of a file, listed once: a dozen rules read them."""
    if "_strings" not in doc.__dict__:
        doc.__dict__["_strings"] = list(string_fields(doc.data))
    return doc.__dict__["_strings"]


def markdown_paths(ctx, data) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every field that allows the Markdown subset."""
    for name in ctx.fields.markdown_text():
        if isinstance(data.get(name), str):
            yield (name,), data[name]
    for i, step in enumerate(items(data, "steps")):
        if isinstance(step, dict) and isinstance(step.get("detail"), str):
            yield ("steps", i, "detail"), step["detail"]


def diagnostic_at(doc, path, offset, code, message, hint) -> Diagnostic:
    """A diagnostic at character `offset` of the string at path (None: the value itself)."""
    line, col = text_pos(doc, path, offset) if offset is not None else doc.pos(path)
    return Diagnostic(doc.rel, line, col, code, message, hint)
