"""The options of the casebook plugin in mkdocs.yml (`plugins: - casebook`)."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CasebookConfig(Config):
    # `casebook offline` sets this: file URLs (.html), the search index as a script and a
    # worker shim, so the copy works from file:// with no network (plugin/offline.py).
    offline = c.Type(bool, default=False)
    # Previews set this (`casebook build --drafts`, `casebook offline --drafts`; `mkdocs serve`
    # always previews): cases with status: draft get their page with a banner. Without it, as
    # in the deployed site, drafts have no page at all. Lists, search, exports and the feed
    # never include a draft either way (model.Casebook.listed / public).
    drafts = c.Type(bool, default=False)
