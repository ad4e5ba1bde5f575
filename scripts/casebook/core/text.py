"""Plain-text helpers shared by the stages that read data and the renderers."""
from __future__ import annotations

import re

# Every character Python-Markdown or a browser may treat as a line break.
BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def one_line(value: str) -> str:
    return BREAKS.sub(" ", value)
