"""Rendering: Markdown pages, workshop sets, data downloads, feed and search index, all escaped in markup.py."""
