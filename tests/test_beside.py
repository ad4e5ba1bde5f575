"""core/beside.py: a worker beside the build ends cleanly, its queue's semaphores released
by this process's own thread (not by the queue's feeder thread, which could be cut off at the
interpreter's exit and leave the resource tracker warning of "leaked semaphore objects")."""
from __future__ import annotations

import gc
import threading
from multiprocessing import resource_tracker

import pytest

from casebook.core import beside


def _echo(items, results) -> None:
    count = 0
    while (item := beside.get_or_orphaned(items)) is not None:
        count += item
    results.put(count)


@pytest.fixture
def unregistered(monkeypatch):
    """(name, thread name) of each semaphore unregistered with the resource tracker."""
    seen = []
    real = resource_tracker.unregister

    def record(name, rtype):
        seen.append((name, threading.current_thread().name))
        return real(name, rtype)

    monkeypatch.setattr(resource_tracker, "unregister", record)
    return seen


def test_a_drained_worker_s_queue_is_released_by_this_thread(unregistered):
    process, items, results = beside.start(_echo)
    assert process is not None
    for n in range(50):
        items.put(n)
    items.put(None)
    assert beside.answer_of(process, results) == sum(range(50))
    names = {lock._semlock.name for lock in (items._rlock, items._wlock, items._sem)}

    beside.stop(process, items, drained=True)
    assert not process.is_alive()
    del items
    gc.collect()

    released = {name: thread for name, thread in unregistered if name in names}
    assert released == dict.fromkeys(names, threading.current_thread().name)


def test_a_worker_that_does_not_answer_is_stopped(unregistered):
    process, items, results = beside.start(_echo)
    items.put("not a number")         # the worker fails on it and ends without an answer
    assert beside.answer_of(process, results) is None
    beside.stop(process, items, drained=False)
    assert process.exitcode not in (None, 0)
