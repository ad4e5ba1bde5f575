"""The search data of `casebook build`, written by a second process while MkDocs renders.

Folding the entries, counting their grams and building the postings (search_shards.Writer)
took about a sixth of a 1,000-case build, all of it after the last page, while the second core
was idle. Most entries are the case pages', which the plugin makes itself as each page is
rendered (search.case_entries, in on_page_content): they go to the worker then, and it adds
them as they come. After the build, Material's index gives the other pages' entries; the
plugin hands them over with the config through `write` (rewrite_index calls it as it would call
search_shards.write) and waits while the worker finishes the files.

The synonym groups are known before the first page, so the worker also finds their words in
the entries as they come. The entries are numbered as they arrive, so the case pages must arrive in the order the
one-shot path numbers them (search.case_order): `write` refuses otherwise, and when the worker
could not start, died or failed, the plugin writes everything in this process
(search_shards.write). Either way the files are the same bytes.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..core.beside import answer_of, follow_parent, get_or_orphaned, start, stop
from . import search_shards

# Case pages per message: each message wakes the queue's feeder thread, which then competes
# with MkDocs for this process's interpreter lock; a few pages at a time keep the worker fed.
BATCH = 16


class SearchSideFailed(Exception):
    """The worker did not write the search data: the caller writes it itself."""


def _worker(items, results) -> None:
    follow_parent()
    writer = None
    try:
        while (item := get_or_orphaned(items)) is not None:
            kind, payload = item
            if kind == "begin":
                folder, synonyms = payload
                writer = search_shards.Writer(Path(folder), synonyms)
            elif kind == "add":
                writer.add(payload)
            elif kind == "settle":
                writer.settle()
            else:       # "finish": the other pages' entries and the config
                docs, config = payload
                writer.add(docs)
                results.put(("done", writer.finish(config)))
                return
    except Exception as exc:     # reported, so the build writes the data itself at once
        results.put(("failed", repr(exc)))


class SearchAlongside:
    """`begin(search_dir, synonyms)` when the build starts writing, `page(url, entries)` for each
    case page as it is rendered, `settle()` after the last, then `write(search_dir, docs, config)`
    with the rest; `close()` always."""

    def __init__(self):
        self._urls: list[str] = []
        self._pending: list[list] = []
        self._dir: Path | None = None
        self._process, self._items, self._results = start(_worker)

    @property
    def running(self) -> bool:
        return self._process is not None

    @property
    def urls(self) -> list[str]:
        """The case pages handed over, in order."""
        return self._urls

    def begin(self, search_dir: Path, synonyms: list[list[str]]) -> None:
        """`synonyms` (search.synonym_groups) lets the worker find their words as entries come;
        if the config handed to `write` has others, it finds them at the end."""
        if self._process is not None:
            self._dir = search_dir
            self._items.put(("begin", (str(search_dir), synonyms)))

    def page(self, url: str, entries: list[list]) -> None:
        """One case page's entries, as the page is rendered (never blocks: a feeder thread sends them)."""
        if self._process is None or self._dir is None:
            return
        self._urls.append(url)
        self._pending += entries
        if len(self._urls) % BATCH == 0:
            self._send()

    def settle(self) -> None:
        """Every case page is in (MkDocs has read all pages and now writes them): the worker
        encodes what it has while the build goes on (search_shards.Writer.settle)."""
        if self._process is not None and self._dir is not None:
            self._send()
            self._items.put(("settle", None))

    def _send(self) -> None:
        if self._pending and self._process.is_alive():
            self._items.put(("add", self._pending))
            self._pending = []

    def write(self, search_dir: Path, docs: list[list], config: dict) -> dict:
        """search_shards.write for the entries after the case pages': the worker adds them,
        finishes cb/ and answers its counts. Raises SearchSideFailed (and ends the worker)
        if it cannot."""
        if self._process is None or search_dir != self._dir:
            self.close()
            raise SearchSideFailed("no worker for this folder")
        self._send()
        self._items.put(("finish", (docs, config)))
        reply = None
        try:
            reply = answer_of(self._process, self._results)
        finally:     # "done" answers the last item sent: the worker has read them all
            self.close(drained=reply is not None and reply[0] == "done")
        if reply is None:
            raise SearchSideFailed("the worker ended without an answer")
        kind, answer = reply
        if kind != "done":
            raise SearchSideFailed(answer)
        return answer

    def close(self, drained: bool = False) -> None:
        """Ends the worker (at once: after `write` it has nothing left to do) and removes the
        folder it was filling, if it did not finish (the site must not ship it)."""
        if self._process is not None:
            stop(self._process, self._items, drained=drained)
            self._process = None
            if self._dir is not None:
                shutil.rmtree(self._dir / (search_shards.DIR + ".tmp"), ignore_errors=True)
