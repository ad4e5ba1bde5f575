"""Work in a second process beside the build, which ends when the build does.

Spawned, not forked (the caller may have threads). A build that is killed (Ctrl+C twice, a
CI timeout, SIGKILL) must not leave a worker behind holding its terminal or pipe open: on
Linux the kernel ends the worker with its parent (PR_SET_PDEATHSIG); elsewhere the worker
looks for its parent while it waits for work.
"""
from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
from collections.abc import Callable
from multiprocessing.process import parent_process

PR_SET_PDEATHSIG = 1


def follow_parent() -> None:
    """Called first in a worker: die with the parent process."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if not parent_alive():      # it died before prctl took effect
        os._exit(1)


def parent_alive() -> bool:
    parent = parent_process()
    return parent is None or parent.is_alive()


def end(process, grace: float = 0.0) -> None:
    """A worker stopped and reaped: given `grace` seconds to end by itself, then terminated."""
    if grace and process.is_alive():
        process.join(timeout=grace)
    if process.is_alive():
        process.terminate()
    process.join()


def get_or_orphaned(items, poll_s: float = 1.0):
    """The next item of a queue; exits the worker if its parent has died meanwhile."""
    while True:
        try:
            return items.get(timeout=poll_s)
        except queue.Empty:
            if not parent_alive():
                os._exit(1)


def _call(results, func, args) -> None:
    follow_parent()
    try:
        results.put((True, func(*args)))
    except BaseException as exc:      # reported to the parent, which does the work itself
        results.put((False, repr(exc)))


class Beside:
    """`func(*args)` started now in a second process; `result()` waits for it. If the process
    cannot run it (fails to start, dies, raises), `result()` calls func here instead, so the
    caller gets the same answer or the same exception as from a direct call. The answer is
    kept: `result()` may be asked again."""

    def __init__(self, func: Callable, *args):
        self.func, self.args = func, args
        context = multiprocessing.get_context("spawn")
        self._results = context.Queue()
        try:
            self._process = context.Process(target=_call, args=(self._results, func, args), daemon=True)
            self._process.start()
        except OSError:
            self._process = None

    def result(self):
        if not hasattr(self, "_value"):
            self._value = self._wait()
        return self._value

    def _wait(self):
        answer = self._answer() if self._process is not None else None
        self.close()
        if answer is not None and answer[0]:
            return answer[1]
        return self.func(*self.args)

    def _answer(self) -> tuple | None:
        """(ok, value) as the worker put it, or None if it ended without an answer."""
        while True:
            try:
                return self._results.get(timeout=0.2)
            except queue.Empty:
                if not self._process.is_alive():
                    try:       # it may have put its answer just before it ended
                        return self._results.get(timeout=0.2)
                    except queue.Empty:
                        return None

    def close(self) -> None:
        if self._process is not None:
            end(self._process)
            self._process = None
