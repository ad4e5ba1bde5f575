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


def end(process) -> None:
    """A worker stopped (terminated if it is still running) and reaped."""
    if process.is_alive():
        process.terminate()
    process.join()


def stop(process, items, *, drained: bool) -> None:
    """The worker ended and reaped, and `items`, the queue this process fed it through, closed.

    That queue's feeder thread holds the last references to its semaphores, so they are
    released (unlinked, then unregistered with multiprocessing's resource tracker) when the
    thread ends. Left running, the thread could end during the interpreter's exit, between
    the unlink and the unregister, and the tracker then warned of "leaked semaphore objects"
    after a good build. Once the worker has read everything (`drained`: it answered), the
    thread is therefore joined here. Otherwise it may be stuck on a full pipe nobody reads,
    and is left to the exit (the error path)."""
    end(process)
    items.close()
    if drained:
        items.join_thread()
    else:
        items.cancel_join_thread()


def get_or_orphaned(items, poll_s: float = 1.0):
    """The next item of a queue; exits the worker if its parent has died meanwhile."""
    while True:
        try:
            return items.get(timeout=poll_s)
        except queue.Empty:
            if not parent_alive():
                os._exit(1)


def start(target):
    """`target(items, results)` in a spawned daemon process, with its two queues:
    (process, items, results). The process is None when it cannot start (the caller then does
    the work itself)."""
    context = multiprocessing.get_context("spawn")    # the caller may have threads
    items, results = context.Queue(), context.Queue()
    try:
        process = context.Process(target=target, args=(items, results), daemon=True)
        process.start()
    except OSError:
        process = None
    return process, items, results


def answer_of(process, results, poll_s: float = 0.2):
    """The worker's one answer on `results`; None if it ended without giving one."""
    while True:
        try:
            return results.get(timeout=poll_s)
        except queue.Empty:
            if not process.is_alive():
                try:       # it may have put its answer just before it ended
                    return results.get(timeout=poll_s)
                except queue.Empty:
                    return None
