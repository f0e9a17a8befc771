"""The export workers: what a task carries, and what a worker keeps between tasks."""

from __future__ import annotations

import os
import weakref
from typing import Any

from confexport.workers import Shared, WorkerPool


def _seen(value: Any) -> tuple[int, int, Any]:
    return os.getpid(), id(value), value


def test_a_shared_value_is_unpickled_once_in_a_worker_and_arrives_whole() -> None:
    model = {"talks": [f"talk {number}" for number in range(50)]}
    other = {"talks": ["another notes file"]}
    shared, shared_other = Shared(model), Shared(other)
    with WorkerPool(1, prepare=lambda: None) as pool:
        for key, value in enumerate([shared, shared, shared, shared_other, shared_other]):
            pool.submit(key, _seen, value)
        seen = {key: value for key, succeeded, value in pool.completed() if succeeded}
    assert sorted(seen) == [0, 1, 2, 3, 4]
    assert all(seen[key][2] == model for key in (0, 1, 2))
    assert all(seen[key][2] == other for key in (3, 4))
    assert all(seen[key][0] != os.getpid() for key in seen)  # ran in the worker
    # the tasks that carried one value got one copy of it
    assert len({seen[key][1] for key in (0, 1, 2)}) == 1
    assert len({seen[key][1] for key in (3, 4)}) == 1


class _Node:
    def __init__(self) -> None:
        self.loop = self


_left_behind: list[weakref.ref[_Node]] = []


def _make_cyclic_garbage() -> None:
    node = _Node()  # a cycle: only the collector frees it
    _left_behind.append(weakref.ref(node))


def _garbage_is_gone() -> bool:
    return bool(_left_behind) and _left_behind[0]() is None


def test_the_garbage_of_a_task_is_collected_when_the_next_arrives() -> None:
    """Workers freeze what outlives a collection; a task's own garbage is not kept."""
    with WorkerPool(1, prepare=lambda: None) as pool:
        pool.submit(0, _make_cyclic_garbage)
        pool.submit(1, _garbage_is_gone)
        outcomes = {key: (succeeded, value) for key, succeeded, value in pool.completed()}
    assert outcomes[1] == (True, True)
