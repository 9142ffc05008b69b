"""The worker crew keeps each worker's state between steps and reports its failures."""
from __future__ import annotations

import os
import signal

import pytest

from indexer.index import parallel


def _remember(state, shared, arg):
    state["seen"] = state.get("seen", []) + [arg]
    parallel.done(len(shared))
    return (os.getpid(), list(state["seen"]))


def _fail(state, shared, arg):
    if arg == "bad":
        raise ValueError("worker says no")
    return arg


def _die(state, shared, arg):
    if arg == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return arg


@pytest.mark.parametrize("workers", [1, 2])
def test_each_worker_keeps_its_own_state_between_steps(workers):
    counted = []
    with parallel.Crew(workers, shared="abc") as crew:
        first = crew.run(_remember, [f"a{i}" for i in range(workers)], counted.append)
        second = crew.run(_remember, [f"b{i}" for i in range(workers)], counted.append)
    assert [seen for _, seen in second] == [[f"a{i}", f"b{i}"] for i in range(workers)]
    assert [pid for pid, _ in first] == [pid for pid, _ in second]
    assert (len({pid for pid, _ in first}) == workers) and (workers == 1 or os.getpid() not in
                                                               {pid for pid, _ in first})
    assert sum(counted) == 2 * 3 * workers


def test_a_workers_exception_is_raised_in_the_caller():
    with parallel.Crew(2) as crew:
        with pytest.raises(ValueError, match="worker says no"):
            crew.run(_fail, ["good", "bad"])
        assert crew.run(_fail, ["still", "working"]) == ["still", "working"]


def test_a_worker_that_dies_is_reported():
    with parallel.Crew(2) as crew:
        with pytest.raises(RuntimeError, match="died"):
            crew.run(_die, ["fine", "die"])
