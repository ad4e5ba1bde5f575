"""The options of the casebook plugin in mkdocs.yml (`plugins: - casebook`)."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CasebookConfig(Config):
    # `casebook offline` sets this: file URLs (.html), the search index as a script and a
    # worker shim, so the copy works from file:// with no network (plugin/offline.py).
    offline = c.Type(bool, default=False)
