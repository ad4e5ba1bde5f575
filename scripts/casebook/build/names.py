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

import queue
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


END = "end"      # the worker's last answer: every text it was sent is answered


def _worker(texts, results) -> None:
    follow_parent()
    while (batch := get_or_orphaned(texts)) is not None:
        # Each batch is answered as soon as it is done: this process can let go of a case
        # found clean at once, rather than keep every loaded file until the last answer.
        spans = {number: [find_names(text) for text in case_texts] for number, case_texts in batch}
        results.put({number: found for number, found in spans.items() if any(found)} | {"answered": list(spans)})
    results.put(END)


class NamesAlongside:
    """`add` each loaded case (Skip.sink), then `findings()`: what the rule says about them.

    A case is kept (its loaded file: hundreds of small objects) only until the worker has
    found it clean, so that few are left by the end of generation, where the MkDocs build
    would otherwise carry them (and its garbage collector walk them) until `findings()`."""

    def __init__(self):
        self._cases: dict[int, tuple[Loaded, list[str]]] = {}    # not answered yet, or with a span
        self._spans: dict[int, list] = {}
        self._added = 0
        self._findings: list[Diagnostic] | None = None
        self._pending: list[tuple[int, list[str]]] = []
        self._process, self._texts, self._results = start(_worker)

    def add(self, doc: Loaded) -> None:
        texts = name_texts(doc)
        number, self._added = self._added, self._added + 1
        if not texts:
            return
        self._cases[number] = (doc, texts)
        if self._process is not None:
            self._pending.append((number, texts))
            if len(self._pending) >= BATCH:
                self._send()
                self._take_ready()

    def _send(self) -> None:
        if self._pending:
            self._texts.put(self._pending)     # sent by a feeder thread: never blocks
            self._pending = []

    def _take(self, answer: dict) -> None:
        for number in answer.pop("answered"):
            if number in answer:
                self._spans[number] = answer[number]
            else:
                del self._cases[number]

    def flush(self) -> None:
        """Sends the texts not sent yet and takes the answers given so far, without waiting
        (the cases found clean are let go of): at the end of generation."""
        if self._process is not None:
            self._send()
            self._take_ready()

    def _take_ready(self) -> None:
        while True:
            try:
                answer = self._results.get_nowait()
            except queue.Empty:
                return
            self._take(answer)

    def findings(self) -> list[Diagnostic]:
        """Waits for the worker; asked again, gives the same list."""
        from ..rules.validate import capped
        if self._findings is None:
            self._collect()
            self._findings = []
            for number in sorted(self._cases):
                doc, texts = self._cases[number]
                found = self._spans[number] if number in self._spans else [find_names(text) for text in texts]
                if any(found):
                    self._findings += capped(name_findings(doc, found))
            self._cases, self._spans = {}, {}
        return self._findings

    def _collect(self) -> None:
        """The worker's remaining answers; the cases it did not answer (it could not start, or
        ended) are left in self._cases without spans, for findings() to analyse here."""
        if self._process is None:
            return
        self._send()
        self._texts.put(None)
        drained = False
        try:
            while (answer := answer_of(self._process, self._results)) is not None:
                if answer == END:
                    drained = True
                    break
                self._take(answer)
        finally:
            self.close(drained=drained)

    def close(self, drained: bool = False) -> None:
        if self._process is not None:
            stop(self._process, self._texts, drained=drained)
            self._process = None
