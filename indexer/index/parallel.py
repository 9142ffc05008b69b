"""Spreading work over the machine's cores with forked worker processes.

A `Crew` keeps its workers, and what each one made, from one step to the
next: a build's workers read their share of the corpus and then index the
documents they hold, so no document is shipped between processes or kept
twice. Fork gives the workers what the parent held when
they started; only each step's result travels back. Workers count the pieces
of work they finish in one shared counter, which the parent turns into
progress, and die with the process that forked them.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence

#: Where `done` counts: a callable in this process, or a crew's shared counter in a worker.
_SINK = None
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


def done(n: int = 1) -> None:
    """Count `n` finished pieces of work toward the caller's progress."""
    sink = _SINK
    if sink is None:
        return
    if callable(sink):
        sink(n)
    else:
        with sink.get_lock():
            sink.value += n


class Crew:
    """Forked worker processes that keep what they make between steps.

    `run(fn, args)` calls `fn(state, shared, args[i])` in worker i, where
    `state` is a dict that worker keeps from step to step and `shared` what
    the crew was started with. A build reads its share of the corpus in one
    step and indexes the same documents in the next, so no document is
    shipped between processes or held twice. With one worker everything runs
    in this process.
    """

    def __init__(self, workers: int, shared=None):
        self.shared = shared
        self.workers = max(1, workers)
        self.state: dict = {}
        self._conns: list = []
        self._procs: list = []
        self._counter = None
        if self.workers == 1:
            return
        ctx = multiprocessing.get_context("fork")
        self._counter = ctx.Value("q", 0)
        # Objects that exist now are left out of the workers' garbage
        # collections: a collection writes to every object it visits, and each
        # page written to would be copied from the parent into the worker.
        gc.freeze()
        try:
            for _ in range(self.workers):
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=_crew_loop, args=(theirs, os.getpid(), shared, self._counter),
                                   daemon=True)
                proc.start()
                theirs.close()
                self._conns.append(mine)
                self._procs.append(proc)
        finally:
            gc.unfreeze()

    def run(self, fn: Callable, args: Sequence, progress: Callable[[int], None] | None = None) -> list:
        """`[fn(state_i, shared, args[i]) for each worker i]`; a worker's exception is raised here."""
        global _SINK
        if len(args) != self.workers:
            raise ValueError(f"{len(args)} tasks for {self.workers} workers")
        if self.workers == 1:
            _SINK = progress
            try:
                return [fn(self.state, self.shared, args[0])]
            finally:
                _SINK = None
        self._counter.value = 0
        for conn, arg in zip(self._conns, args):
            conn.send((fn, arg))
        results: list = [None] * self.workers
        waiting, seen = set(range(self.workers)), 0
        while waiting:
            for i in list(waiting):
                if self._conns[i].poll(0.1):
                    try:
                        results[i] = self._conns[i].recv()
                    except EOFError:
                        raise RuntimeError(f"build worker {i} died (killed, or out of memory)") from None
                    waiting.discard(i)
            seen = _report(self._counter, seen, progress)
        _report(self._counter, seen, progress)
        for status, value in results:
            if status == "error":
                raise value
        return [value for _, value in results]

    def close(self) -> None:
        for conn in self._conns:
            try:
                conn.send(None)
                conn.close()
            except OSError:
                pass
        for proc in self._procs:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
        self._conns, self._procs, self.state = [], [], {}

    def __enter__(self) -> Crew:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _crew_loop(conn, parent: int, shared, counter) -> None:
    """A crew worker: run each step sent, keep its state, answer ("ok", result) or ("error", exception)."""
    global _SINK
    _die_with(parent)
    _SINK = counter
    state: dict = {}
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        fn, arg = message
        try:
            answer = ("ok", fn(state, shared, arg))
        except BaseException as exc:  # the parent decides what a failure means
            answer = ("error", exc)
        try:
            conn.send(answer)
        except Exception as exc:  # an unpicklable exception or result
            conn.send(("error", RuntimeError(f"build worker could not answer: {exc!r}")))
