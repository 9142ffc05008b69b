"""Spreading a build over the machine's cores with forked worker processes.

Fork gives the workers the parent's memory as it is when the pool starts, so
the documents a build has read reach the index writers without being pickled
again; only each task's result travels back. Workers count the documents
they finish in one shared counter, which the parent turns into progress.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence

#: (function, shared data, done counter) as the forked workers inherit them.
_TASK: tuple | None = None
#: Pieces of work (documents, files) each worker is given at least: below
#: twice this, starting workers costs more than it saves, and small builds
#: (the tests, `archive add`) stay in one process.
MIN_SHARE = 1000


def workers_for(items: int, workers: int) -> int:
    """How many of `workers` processes `items` pieces of work are worth."""
    return max(1, min(workers, items // MIN_SHARE))


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def fork_map(fn: Callable, items: Sequence, workers: int, shared=None, chunksize: int = 1,
             progress: Callable[[int], None] | None = None) -> list:
    """`[fn(shared, item) for item in items]`, in order, over `workers` forked processes.

    `fn` may call `done(n)` as it finishes pieces of work; `progress(n)` is
    then called in this process with the counts. An exception in a worker is
    raised here, after the pool has been stopped.
    """
    global _TASK
    if workers <= 1 or len(items) <= 1:
        _TASK = (fn, shared, progress)
        try:
            return [fn(shared, item) for item in items]
        finally:
            _TASK = None
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    _TASK = (fn, shared, counter)
    # Objects that exist now are left out of the workers' garbage collections:
    # a collection writes to every object it visits, and each page written
    # to would be copied from the parent into the worker.
    gc.freeze()
    try:
        with ctx.Pool(workers, initializer=_die_with, initargs=(os.getpid(),)) as pool:
            pending = pool.map_async(_call, items, chunksize)
            seen = 0
            while not pending.ready():
                pending.wait(0.2)
                seen = _report(counter, seen, progress)
            _report(counter, seen, progress)
            return pending.get()
    finally:
        gc.unfreeze()
        _TASK = None


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the process that forked it dies.

    A killed build must not leave workers writing into a build directory
    the next indexer is clearing (PR_SET_PDEATHSIG, Linux).
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:   # it died before the request was made
        os._exit(1)


def _report(counter, seen: int, progress) -> int:
    now = counter.value
    if progress and now > seen:
        progress(now - seen)
    return now


def _call(item):
    fn, shared, _counter = _TASK
    return fn(shared, item)


def done(n: int = 1) -> None:
    """Count `n` finished pieces of work toward the caller's progress."""
    if _TASK is None:
        return
    sink = _TASK[2]
    if sink is None:
        return
    if callable(sink):
        sink(n)
    else:
        with sink.get_lock():
            sink.value += n
