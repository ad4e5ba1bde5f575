"""Work in a second process beside the build, which ends when the build does.

Spawned, not forked (the caller may have threads). A build that is killed (Ctrl+C twice, a
CI timeout, SIGKILL) must not leave a worker behind holding its terminal or pipe open: on
Linux the kernel ends the worker with its parent (PR_SET_PDEATHSIG); elsewhere the worker
looks for its parent while it waits for work.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import signal
import sys
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
