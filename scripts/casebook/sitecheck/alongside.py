"""The safety scan run alongside MkDocs: pages are scanned in a second process as MkDocs
renders them, so the scan costs the build little more than its last page.

MkDocs renders on one core (about 15 ms a page at 1,000 cases); html.parser needs about
3 ms a page, so one worker keeps up. The plugin hands over each page's final HTML
(on_post_page, last of all plugins); `finish` then reads every HTML file of the built site
and scans again in this process each file whose bytes are not exactly what the worker saw
(a page changed after on_post_page, 404.html, a file another plugin wrote). The findings are
therefore those of scan_site on the finished folder, in the same order.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import queue
from pathlib import Path

from ..core.beside import follow_parent, get_or_orphaned, stop
from .scan import Finding, scan_files, scan_text


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _worker(pages, results) -> None:
    follow_parent()
    findings: dict[str, tuple[bytes, list[Finding]]] = {}
    while (item := get_or_orphaned(pages)) is not None:
        rel, data = item
        # decoded as scan_files reads a file (read_text: universal newlines), for equal line numbers
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        findings[rel] = (_digest(data), scan_text(rel, text))
    results.put(findings)


class ScanAlongside:
    def __init__(self):
        context = multiprocessing.get_context("spawn")    # the caller may have threads
        self._pages, self._results = context.Queue(), context.Queue()
        self._process = context.Process(target=_worker, args=(self._pages, self._results), daemon=True)
        self._process.start()

    def page(self, rel: str, html: str) -> None:
        """A page as MkDocs is about to write it to site_dir/rel (never blocks: a feeder
        thread sends it)."""
        self._pages.put((rel, html.encode("utf-8", errors="xmlcharrefreplace")))

    def _collect(self, timeout: float) -> dict:
        self._pages.put(None)
        try:
            seen = self._results.get(timeout=timeout)
        except queue.Empty:
            self.close()
            return {}           # the worker died or hangs: finish() scans everything itself
        self.close(drained=True)
        return seen

    def close(self, drained: bool = False) -> None:
        """Ends the worker at once: once it has answered, all it has left to do is tear down
        its interpreter (about 50 ms at 1,000 cases, which the build used to wait for)."""
        if self._process is not None:
            stop(self._process, self._pages, drained=drained)
            self._process = None

    def finish(self, site_dir: Path, timeout: float = 600) -> tuple[list[Finding], int]:
        """Every finding in site_dir's HTML files, sorted as scan_site sorts them, and how many
        files had to be scanned here."""
        seen = self._collect(timeout)
        findings, again = [], []
        for path in sorted(site_dir.rglob("*.html")):
            rel = path.relative_to(site_dir).as_posix()
            entry = seen.get(rel)
            if entry is not None and entry[0] == _digest(path.read_bytes()):
                findings += entry[1]
            else:
                again.append(rel)
        findings += scan_files(site_dir, again)
        return sorted(findings, key=lambda f: (f.path, f.line)), len(again)
