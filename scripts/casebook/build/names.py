"""The name check (CB056) of a build, run in a second process while this one loads, checks
and renders the cases.

Sudachi is about as slow as everything else generation does, and only its analysis needs the
second process: this process hands over the texts of each case as the case loads (the worker
never reads or parses a file again), the worker answers the name spans it found, and the
findings are made here from those spans (positions, CB055, acknowledgements), by the same
code as the rule itself (rules/names.py). So the findings are the rule's, in every case:
if the worker cannot start or dies, the texts it did not answer are analysed here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.beside import answer_of, follow_parent, get_or_orphaned, start, stop
from ..rules.names import find_names, name_findings, name_texts

# The worker imports this module before it can analyse anything, while this process is
# already handing it texts: only what the worker runs is imported at the top (0.1 s, against
# 0.3 s with the validator and the loader).
if TYPE_CHECKING:
    from ..core.diagnostics import Diagnostic
    from ..sources.load import Loaded

# Cases per message: each message wakes the queue's feeder thread, which then competes with
# the checks for this process's interpreter lock; a few at a time keep the worker fed.
BATCH = 16


def _worker(texts, results) -> None:
    follow_parent()
    found = {}       # case number -> find_names of each text; only cases with a span
    while (batch := get_or_orphaned(texts)) is not None:
        for number, case_texts in batch:
            spans = [find_names(text) for text in case_texts]
            if any(spans):
                found[number] = spans
    results.put(found)


class NamesAlongside:
    """`add` each loaded case (Skip.sink), then `findings()`: what the rule says about them."""

    def __init__(self):
        self._cases: list[tuple[Loaded, list[str]]] = []
        self._findings: list[Diagnostic] | None = None
        self._pending: list[tuple[int, list[str]]] = []
        self._started = False      # on the first text: a build whose files were all kept clean needs no worker
        self._process = self._texts = self._results = None
        self.rels: list[str] = []      # the files added, which findings() is about

    def add(self, doc: Loaded) -> None:
        texts = name_texts(doc)
        self.rels.append(doc.rel)
        if texts and not self._started:
            self._started = True
            self._process, self._texts, self._results = start(_worker)
        if self._process is not None and texts:
            self._pending.append((len(self._cases), texts))
            if len(self._pending) >= BATCH:
                self._send()
        self._cases.append((doc, texts))

    def _send(self) -> None:
        if self._pending:
            self._texts.put(self._pending)     # sent by a feeder thread: never blocks
            self._pending = []

    @property
    def finished(self) -> bool:
        """findings() has been given."""
        return self._findings is not None

    def findings(self) -> list[Diagnostic]:
        """Waits for the worker; asked again, gives the same list."""
        from ..rules.validate import capped
        if self._findings is None:
            spans = self._collect()
            self._findings = []
            for number, (doc, texts) in enumerate(self._cases):
                found = spans.get(number) if spans is not None else (find_names(text) for text in texts)
                if found:
                    self._findings += capped(name_findings(doc, found))
            # The loaded files (a million small objects) are not kept through the MkDocs build.
            self._cases = []
        return self._findings

    def _collect(self) -> dict | None:
        """The worker's spans, or None if it ended without answering."""
        if self._process is None:
            return None
        self._send()
        self._texts.put(None)
        spans = None
        try:
            spans = answer_of(self._process, self._results)
            return spans
        finally:
            self.close(drained=spans is not None)

    def close(self, drained: bool = False) -> None:
        """Ends the worker; a closed one is not started again (the texts are analysed here)."""
        self._started = True
        if self._process is not None:
            stop(self._process, self._texts, drained=drained)
            self._process = None
