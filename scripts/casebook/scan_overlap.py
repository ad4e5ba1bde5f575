"""The safety scan (scan.py) run beside MkDocs instead of after it.

MkDocs renders on one core; html.parser costs about 3 ms a page, which at 1,000 cases was a
fifth of the whole build when it ran afterwards. build.py adds this object as a plugin: each
page's final HTML goes to worker processes as soon as MkDocs has rendered it, so the scan
finishes with the build. `finish` then checks every HTML file on disk: a file whose bytes are
not what was scanned (a later hook rewrote it, or no page event saw it, like 404.html) is
scanned again from disk, so nothing written escapes the scan.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority

from .scan import Finding, scan_files, scan_texts

BATCH = 40   # pages per task: large enough to amortise pickling, small enough to keep workers busy


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class ScanBesideBuild:
    def __init__(self, site_dir: Path, workers: int | None = None):
        self.site_dir = site_dir
        cores = os.cpu_count() or 1
        self.workers = workers or max(1, min(cores - 1, 3))     # MkDocs keeps one core
        self.pool: ProcessPoolExecutor | None = None
        self.batch: list[tuple[str, str]] = []
        self.futures: list[Future] = []
        self.scanned: dict[str, bytes] = {}    # rel -> digest of the text that was scanned

    def _flush(self) -> None:
        if not self.batch:
            return
        if self.pool is None:     # spawned, not forked: MkDocs may hold threads and locks
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        self.futures.append(self.pool.submit(scan_texts, self.batch))
        self.batch = []

    @event_priority(-100)     # after every other post_page handler: the HTML as it is written
    def on_post_page(self, output, page, config):
        rel = page.file.dest_uri
        self.scanned[rel] = _digest(output.encode("utf-8"))
        self.batch.append((rel, output))
        if len(self.batch) >= BATCH:
            self._flush()
        return output

    def finish(self) -> list[Finding]:
        """Every finding in every HTML file under site_dir, in path order."""
        try:
            self._flush()
            findings: dict[str, list[Finding]] = {}
            for future in self.futures:
                for rel, found in future.result():
                    findings[rel] = found
            again = []
            for path in self.site_dir.rglob("*.html"):
                rel = path.relative_to(self.site_dir).as_posix()
                if self.scanned.get(rel) != _digest(path.read_bytes()):
                    again.append(rel)
            scanned_on_disk = set(again)
            findings = {rel: found for rel, found in findings.items()
                        if rel not in scanned_on_disk and (self.site_dir / rel).is_file()}
            for finding in scan_files(self.site_dir, sorted(again)):
                findings.setdefault(finding.path, []).append(finding)
            return sorted((f for found in findings.values() for f in found), key=lambda f: (f.path, f.line))
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
