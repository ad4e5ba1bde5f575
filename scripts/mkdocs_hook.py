"""Loaded by mkdocs.yml `hooks:`; the logic lives in the casebook package."""
from casebook.hook import on_config, on_page_context, on_pre_build, on_serve  # noqa: F401
