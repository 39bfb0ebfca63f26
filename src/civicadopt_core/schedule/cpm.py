"""The critical path method: forward and backward passes, total and free float, the critical path.

The same passes run on one duration per task (plain floats) or on a vector of sampled durations per
task (numpy arrays, one element per simulation iteration), so the deterministic plan and the Monte
Carlo use one implementation.

Forward pass, for each task in dependency order (ES early start, EF early finish, d duration)::

    ES = max(0, start-no-earlier-than, status date if not started,
             FS: EF(pred) + lag,  SS: ES(pred) + lag,
             FF: EF(pred) + lag - d,  SF: ES(pred) + lag - d)
    EF = ES + d

Backward pass, in reverse order (LS late start, LF late finish; the project finish is the latest EF)::

    LF = min(project finish, finish-no-later-than,
             FS: LS(succ) - lag,  FF: LF(succ) - lag,
             SS: LS(succ) - lag + d,  SF: LF(succ) - lag + d)
    LS = LF - d

Total float is LF - EF (the same as LS - ES except for work in progress); free float is how far a task can slip before it moves any successor (or the
project finish). A task is critical when its total float is zero or less.
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from .network import Network

TOLERANCE = 1e-6  # working days; sums of fractional durations are not exact in binary
FloatArray = NDArray[np.float64]
V = TypeVar("V", float, FloatArray)


@dataclass(frozen=True)
class Passes:
    """Early and late dates of each work task (positions as in ``Network.order``) and the project finish."""

    es: list[Any]
    ef: list[Any]
    ls: list[Any]
    lf: list[Any]
    finish: Any


def passes(network: Network, durations: Sequence[V]) -> Passes:
    """Run both passes with ``durations[i]`` for the task at ``network.order[i]``."""
    vector = any(isinstance(d, np.ndarray) for d in durations)
    biggest = np.maximum if vector else max
    smallest = np.minimum if vector else min
    status = network.status
    count = len(network.order)
    es: list[Any] = [0.0] * count
    ef: list[Any] = [0.0] * count
    for j in range(count):
        task = network.leaf(j)
        d = durations[j]
        if task.actual_finish is not None:
            es[j] = task.actual_start if task.actual_start is not None else task.actual_finish - task.duration
            ef[j] = task.actual_finish
            continue
        if task.actual_start is not None:
            es[j] = task.actual_start
            finish = es[j] + d
            if status is not None:
                finish = biggest(finish, status + d * (1.0 - task.progress))
            ef[j] = finish
            continue
        start: Any = max(0.0, task.not_before or 0.0, status or 0.0)
        late_finish: Any = None
        for edge in network.edges_in[j]:
            bound = (es if edge.from_start else ef)[edge.predecessor]
            if edge.lag:
                bound = bound + edge.lag
            if edge.to_finish:
                late_finish = bound if late_finish is None else biggest(late_finish, bound)
            else:
                start = biggest(start, bound)
        if late_finish is not None:
            start = biggest(start, late_finish - d)
        es[j] = start
        ef[j] = start + d
    finish = functools.reduce(biggest, ef, 0.0)
    ls: list[Any] = [0.0] * count
    lf: list[Any] = [0.0] * count
    for i in range(count - 1, -1, -1):
        task = network.leaf(i)
        d = durations[i]
        limit: Any = finish
        if task.finish_by is not None:
            limit = smallest(limit, task.finish_by)
        for edge in network.edges_out[i]:
            bound = (lf if edge.to_finish else ls)[edge.successor]
            if edge.from_start:
                bound = bound + (d - edge.lag)
            elif edge.lag:
                bound = bound - edge.lag
            limit = smallest(limit, bound)
        lf[i] = limit
        ls[i] = limit - d
    return Passes(es, ef, ls, lf, finish)


def free_float(network: Network, p: Passes) -> list[Any]:
    """How far each task can slip without delaying any successor or the project finish."""
    result: list[Any] = []
    vector = isinstance(p.finish, np.ndarray)
    smallest = np.minimum if vector else min
    for i in range(len(network.order)):
        slack: Any = p.finish - p.ef[i]
        for edge in network.edges_out[i]:
            after = (p.ef if edge.to_finish else p.es)[edge.successor]
            before = (p.es if edge.from_start else p.ef)[i] + edge.lag
            slack = smallest(slack, after - before)
        result.append(slack)
    return result


@dataclass(frozen=True)
class TaskTimes:
    """A task's early and late dates and floats (working-day offsets; finish offsets are exclusive)."""

    id: str
    es: float
    ef: float
    ls: float
    lf: float
    total_float: float
    free_float: float
    critical: bool
    summary: bool = False


@dataclass(frozen=True)
class Schedule:
    duration: float
    tasks: dict[str, TaskTimes]
    critical_path: tuple[str, ...]


def schedule(network: Network, durations: Mapping[str, float] | None = None) -> Schedule:
    """The deterministic schedule of ``network`` (each task's own duration unless ``durations`` says)."""
    given = durations or {}
    values = [float(given.get(task_id, network.tasks[task_id].duration)) for task_id in network.order]
    p = passes(network, values)
    free = free_float(network, p)
    times: dict[str, TaskTimes] = {}
    for i, task_id in enumerate(network.order):
        # Float is measured at the finish: for work in progress the finish is pushed past the status
        # date, so LS - ES (from the actual start) would overstate it; for other tasks the two agree.
        total = _clean(p.lf[i] - p.ef[i])
        times[task_id] = TaskTimes(
            task_id,
            _clean(p.es[i]),
            _clean(p.ef[i]),
            _clean(p.ls[i]),
            _clean(p.lf[i]),
            total,
            _clean(free[i]),
            total <= TOLERANCE and network.tasks[task_id].actual_finish is None,
        )
    for phase in network.children:
        inside = [times[t] for t in network.descendants(phase)]
        times[phase] = TaskTimes(
            phase,
            min(t.es for t in inside),
            max(t.ef for t in inside),
            min(t.ls for t in inside),
            max(t.lf for t in inside),
            min(t.total_float for t in inside),
            min(t.free_float for t in inside),
            any(t.critical for t in inside),
            summary=True,
        )
    ordered = {task_id: times[task_id] for task_id in network.tasks}
    position = network.index
    path = sorted(
        (t for t in ordered.values() if t.critical and not t.summary),
        key=lambda t: (t.es, t.ef, position[t.id]),
    )
    return Schedule(_clean(float(p.finish)), ordered, tuple(t.id for t in path))


def _clean(value: float) -> float:
    """Round away binary noise (1e-9 of a day) so that 4.999999999 prints as 5."""
    number = float(value)
    rounded = round(number, 6)
    return rounded + 0.0  # no negative zero
