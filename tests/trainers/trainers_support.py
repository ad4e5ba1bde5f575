"""Shared by the trainer tests (a module name that no other test folder uses)."""
from __future__ import annotations

import os
from contextlib import contextmanager

PUBLIC = "https://casebook.example.org/kikangata/"


@contextmanager
def environment(**values):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
