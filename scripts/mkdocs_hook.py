"""Loaded by mkdocs.yml `hooks:`; the logic lives in the casebook package."""
from casebook.hook import on_config, on_page_context, on_pre_build, on_serve  # noqa: F401
from casebook.hook import on_files, on_page_content, on_post_build, on_post_page  # noqa: F401
