"""An independent oracle for the critical path method, and hypothesis strategies for random task networks.

The oracle shares no code and no algorithm with ``civicadopt_core.schedule.cpm``. Every link is read as a
difference constraint between two *points*, the start or the finish of each task, with
``finish = start + duration``::

    point(successor) >= point(predecessor) + lag
    FS: start(succ) >= finish(pred) + lag      SS: start(succ) >= start(pred) + lag
    FF: finish(succ) >= finish(pred) + lag     SF: finish(succ) >= start(pred) + lag

Early dates are the least solution with every start >= 0 (and >= its not-before date): start everything
at 0 and relax every constraint, in the order given, until nothing moves (Bellman-Ford; no topological
sort). Late dates are the greatest solution with every finish <= the project finish (and <= its
finish-by date), relaxed the same way backwards. The dates of a task are independent of any order of the
tasks, so agreement with ``cpm.schedule`` on random networks is evidence that both are right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from civicadopt_core.schedule import Link, Network, Task

TYPES = ("FS", "SS", "FF", "SF")


@dataclass(frozen=True)
class Plan:
    """Oracle input: durations by task id, links as (predecessor, successor, type, lag), date constraints."""

    durations: dict[str, float]
    links: list[tuple[str, str, str, float]]
    not_before: dict[str, float] = field(default_factory=dict)
    finish_by: dict[str, float] = field(default_factory=dict)

    def network(self, order: list[str] | None = None) -> Network:
        """The same plan as a core ``Network`` (tasks given in ``order``, default as listed)."""
        ids = order or list(self.durations)
        tasks = [
            Task(
                task_id,
                duration=self.durations[task_id],
                not_before=self.not_before.get(task_id),
                finish_by=self.finish_by.get(task_id),
            )
            for task_id in ids
        ]
        return Network.build(tasks, [Link(p, s, t, lag) for p, s, t, lag in self.links])

    def scaled(self, factor: float) -> Plan:
        return Plan(
            {k: v * factor for k, v in self.durations.items()},
            [(p, s, t, lag * factor) for p, s, t, lag in self.links],
            {k: v * factor for k, v in self.not_before.items()},
            {k: v * factor for k, v in self.finish_by.items()},
        )


@dataclass(frozen=True)
class Dates:
    es: dict[str, float]
    ef: dict[str, float]
    ls: dict[str, float]
    lf: dict[str, float]
    finish: float
    total_float: dict[str, float]
    free_float: dict[str, float]


def _offset(plan: Plan, task_id: str, point: str) -> float:
    """A point's distance from its task's start: 0 for the start ("S"), the duration for the finish ("F")."""
    return plan.durations[task_id] if point == "F" else 0.0


def early_starts(plan: Plan, extra_not_before: dict[str, float] | None = None) -> dict[str, float]:
    """The least starts satisfying every constraint: relaxation from 0 to a fixed point."""
    floor = {**plan.not_before, **(extra_not_before or {})}
    start = {t: max(0.0, floor.get(t, 0.0)) for t in plan.durations}
    for _ in range(len(plan.durations) + 1):
        moved = False
        for pred, succ, kind, lag in plan.links:
            need = start[pred] + _offset(plan, pred, kind[0]) + lag - _offset(plan, succ, kind[1])
            if need > start[succ]:
                start[succ] = need
                moved = True
        if not moved:
            return start
    raise AssertionError("no fixed point: the links form a loop")


def dates(plan: Plan) -> Dates:
    es = early_starts(plan)
    ef = {t: es[t] + d for t, d in plan.durations.items()}
    finish = max(ef.values(), default=0.0)
    lf = {t: min(finish, plan.finish_by.get(t, finish)) for t in plan.durations}
    for _ in range(len(plan.durations) + 1):
        moved = False
        for pred, succ, kind, lag in reversed(plan.links):
            latest_point = lf[succ] - plan.durations[succ] + _offset(plan, succ, kind[1]) - lag
            bound = latest_point - _offset(plan, pred, kind[0]) + plan.durations[pred]
            if bound < lf[pred]:
                lf[pred] = bound
                moved = True
        if not moved:
            break
    else:
        raise AssertionError("no fixed point: the links form a loop")
    ls = {t: lf[t] - d for t, d in plan.durations.items()}
    free: dict[str, float] = {}
    for task_id in plan.durations:
        # Free float by its definition: the room before the task pushes any successor or the finish.
        room = [finish - ef[task_id]]
        for pred, succ, kind, lag in plan.links:
            if pred == task_id:
                room.append(
                    es[succ] + _offset(plan, succ, kind[1]) - (es[pred] + _offset(plan, pred, kind[0]) + lag)
                )
        free[task_id] = min(room)
    total = {t: ls[t] - es[t] for t in plan.durations}
    return Dates(es, ef, ls, lf, finish, total, free)


def project_finish(plan: Plan, extra_not_before: dict[str, float] | None = None) -> float:
    es = early_starts(plan, extra_not_before)
    return max((es[t] + d for t, d in plan.durations.items()), default=0.0)


def has_cycle(ids: list[str], pairs: list[tuple[str, str]]) -> bool:
    """Depth-first search for a back edge."""
    successors: dict[str, list[str]] = {t: [] for t in ids}
    for pred, succ in pairs:
        successors[pred].append(succ)
    state = dict.fromkeys(ids, 0)  # 0 unseen, 1 on the stack, 2 done

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in successors[node]:
            if state[nxt] == 1 or (state[nxt] == 0 and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(state[t] == 0 and visit(t) for t in ids)


# Durations 0-20 and lags -5..5 working days, in halves: exact in binary, so dates compare exactly.
durations = st.integers(0, 40).map(lambda n: n / 2)
lags = st.integers(-10, 10).map(lambda n: n / 2)


@st.composite
def plans(draw: st.DrawFn, max_tasks: int = 10, types: tuple[str, ...] = TYPES) -> Plan:
    """A random acyclic plan: links only run from a lower to a higher task number."""
    count = draw(st.integers(1, max_tasks))
    ids = [f"T{i}" for i in range(count)]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(lambda p: p[0] < p[1]),
            unique=True,
            max_size=3 * count,
        )
        if count > 1
        else st.just([])
    )
    links = [(ids[i], ids[j], draw(st.sampled_from(types)), draw(lags)) for i, j in pairs]
    return Plan({t: draw(durations) for t in ids}, links)


@st.composite
def shuffled(draw: st.DrawFn, plan: Plan) -> list[str]:
    """The plan's task ids in a random order, so that the core has to find the dependency order itself."""
    return list(draw(st.permutations(list(plan.durations))))
