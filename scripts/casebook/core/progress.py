"""Progress messages: library code reports through a callback; the CLI decides where they go."""
from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]


def quiet(message: str) -> None:
    """The default: a library call says nothing unless its caller asks."""
