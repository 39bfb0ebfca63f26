"""A task network: tasks (with phases as summary tasks and milestones), links with lags, validated and
put in dependency order once so that many scheduling passes can run on it.

Durations and lags are in working days; dates are working-day offsets from the project start (0 is the
first working day). Link types follow Microsoft Project:

- ``FS`` finish-to-start: the successor starts after the predecessor finishes (+ lag);
- ``SS`` start-to-start: the successor starts after the predecessor starts (+ lag);
- ``FF`` finish-to-finish: the successor finishes after the predecessor finishes (+ lag);
- ``SF`` start-to-finish: the successor finishes after the predecessor starts (+ lag).

A link to or from a phase applies to every task inside it. A dependency loop is refused with an error
naming the tasks in the loop.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .estimates import Estimate

MAX_TASKS = 200_000


class LinkType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class ScheduleError(ValueError):
    """The network cannot be scheduled; ``task`` names the task at fault when there is one."""

    def __init__(self, message: str, task: str | None = None) -> None:
        self.task = task
        super().__init__(message)


class CycleError(ScheduleError):
    """The links form a loop; ``cycle`` lists the task ids around it, the first repeated at the end."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        super().__init__(
            "The dependencies form a loop: " + " → ".join(self.cycle) + ". Remove one of these links.",
            task=self.cycle[0],
        )


def _number(value: float, what: str, task: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise ScheduleError(f"Task {task}: {what} must be a number.", task) from error
    if not math.isfinite(number):
        raise ScheduleError(f"Task {task}: {what} must be a finite number.", task)
    return number


@dataclass(frozen=True)
class Task:
    """One task. ``parent`` is the id of the phase (summary task) it belongs to.

    Progress: ``actual_finish`` fixes a finished task; ``actual_start`` fixes the start of one in
    progress, whose remaining work (``1 - progress`` of the duration) cannot be done before the
    network's status date.
    """

    id: str
    name: str = ""
    duration: float = 0.0
    estimate: Estimate | None = None
    parent: str | None = None
    milestone: bool = False
    not_before: float | None = None
    finish_by: float | None = None
    actual_start: float | None = None
    actual_finish: float | None = None
    progress: float = 0.0
    cost: float = 0.0
    cost_per_day: float = 0.0

    def __post_init__(self) -> None:
        if not str(self.id).strip():
            raise ScheduleError("Every task needs an id.")
        object.__setattr__(self, "id", str(self.id))
        duration = _number(self.duration, "the duration", self.id)
        if duration < 0:
            raise ScheduleError(f"Task {self.id}: the duration cannot be negative.", self.id)
        if self.milestone and duration:
            raise ScheduleError(f"Task {self.id}: a milestone takes no time (duration 0).", self.id)
        object.__setattr__(self, "duration", duration)
        if self.estimate is not None and self.estimate.low < 0:
            raise ScheduleError(f"Task {self.id}: the optimistic duration cannot be negative.", self.id)
        progress = _number(self.progress, "progress", self.id)
        if not 0.0 <= progress <= 1.0:
            raise ScheduleError(f"Task {self.id}: progress must be between 0 and 100%.", self.id)
        object.__setattr__(self, "progress", progress)
        for name in ("not_before", "finish_by", "actual_start", "actual_finish"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _number(value, name.replace("_", " "), self.id))
        for name in ("cost", "cost_per_day"):
            value = _number(getattr(self, name), name.replace("_", " "), self.id)
            if value < 0:
                raise ScheduleError(
                    f"Task {self.id}: the {name.replace('_', ' ')} cannot be negative.", self.id
                )
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class Link:
    predecessor: str
    successor: str
    type: LinkType = LinkType.FS
    lag: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "predecessor", str(self.predecessor))
        object.__setattr__(self, "successor", str(self.successor))
        try:
            object.__setattr__(self, "type", LinkType(self.type))
        except ValueError as error:
            raise ScheduleError(
                f"Task {self.successor}: unknown link type {self.type!r} (use FS, SS, FF or SF).",
                self.successor,
            ) from error
        object.__setattr__(self, "lag", _number(self.lag, "the lag", self.successor))


# Link type codes used in the passes: does the constraint come from the predecessor's start (not its
# finish), and does it bind the successor's finish (not its start)?
FROM_START = {LinkType.FS: False, LinkType.SS: True, LinkType.FF: False, LinkType.SF: True}
TO_FINISH = {LinkType.FS: False, LinkType.SS: False, LinkType.FF: True, LinkType.SF: True}


@dataclass(frozen=True)
class Edge:
    """A link between two work tasks (phases expanded), by position in ``Network.order``."""

    predecessor: int
    successor: int
    from_start: bool
    to_finish: bool
    lag: float


@dataclass
class Network:
    """A validated network. ``order`` lists the work tasks (not phases) so that every predecessor comes
    before its successors; ``edges_in[j]`` and ``edges_out[i]`` hold the links of each, by position.
    """

    tasks: dict[str, Task]
    links: tuple[Link, ...]
    status: float | None = None
    order: list[str] = field(init=False)
    index: dict[str, int] = field(init=False)
    children: dict[str, list[str]] = field(init=False)
    edges_in: list[list[Edge]] = field(init=False)
    edges_out: list[list[Edge]] = field(init=False)

    @classmethod
    def build(
        cls, tasks: Iterable[Task], links: Iterable[Link] = (), *, status: float | None = None
    ) -> "Network":
        table: dict[str, Task] = {}
        for task in tasks:
            if task.id in table:
                raise ScheduleError(f"Task {task.id} appears twice.", task.id)
            table[task.id] = task
            if len(table) > MAX_TASKS:
                raise ScheduleError(f"A plan can have at most {MAX_TASKS:,} tasks.")
        return cls(table, tuple(links), status)

    def __post_init__(self) -> None:
        self.children = _children(self.tasks)
        leaves = [task_id for task_id in self.tasks if task_id not in self.children]
        edges = _expand(self.tasks, self.children, self.links)
        self.order = _topological(leaves, edges)
        self.index = {task_id: i for i, task_id in enumerate(self.order)}
        self.edges_in = [[] for _ in self.order]
        self.edges_out = [[] for _ in self.order]
        for (pred, succ), link in edges.items():
            edge = Edge(
                self.index[pred], self.index[succ], FROM_START[link.type], TO_FINISH[link.type], link.lag
            )
            self.edges_in[edge.successor].append(edge)
            self.edges_out[edge.predecessor].append(edge)

    def leaf(self, position: int) -> Task:
        return self.tasks[self.order[position]]

    def descendants(self, task_id: str) -> list[str]:
        """The work tasks inside phase ``task_id`` (itself when it is not a phase)."""
        if task_id not in self.children:
            return [task_id]
        found: list[str] = []
        stack = list(reversed(self.children[task_id]))
        while stack:
            current = stack.pop()
            if current in self.children:
                stack.extend(reversed(self.children[current]))
            else:
                found.append(current)
        return found


def _children(tasks: dict[str, Task]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for task in tasks.values():
        if task.parent is None:
            continue
        if task.parent not in tasks:
            raise ScheduleError(f"Task {task.id}: its phase {task.parent} does not exist.", task.id)
        children.setdefault(task.parent, []).append(task.id)
    for task_id in children:  # a phase inside itself would never end
        seen = {task_id}
        parent = tasks[task_id].parent
        while parent is not None:
            if parent in seen:
                raise ScheduleError(f"Task {task_id}: phases are nested in a loop.", task_id)
            seen.add(parent)
            parent = tasks[parent].parent
    return children


def _ancestors(tasks: dict[str, Task], task_id: str) -> set[str]:
    found: set[str] = set()
    parent = tasks[task_id].parent
    while parent is not None and parent not in found:
        found.add(parent)
        parent = tasks[parent].parent
    return found


def _expand(
    tasks: dict[str, Task], children: dict[str, list[str]], links: Iterable[Link]
) -> dict[tuple[str, str], Link]:
    """Links between work tasks only: a link to or from a phase becomes a link to or from each task in it."""

    def leaves(task_id: str) -> list[str]:
        if task_id not in children:
            return [task_id]
        out: list[str] = []
        for child in children[task_id]:
            out.extend(leaves(child))
        return out

    expanded: dict[tuple[str, str], Link] = {}
    for link in links:
        for end in (link.predecessor, link.successor):
            if end not in tasks:
                raise ScheduleError(
                    f"Task {link.successor}: predecessor {link.predecessor} does not exist."
                    if end == link.predecessor
                    else f"A link points to task {end}, which does not exist.",
                    link.successor,
                )
        if link.predecessor == link.successor:
            raise ScheduleError(f"Task {link.successor} cannot depend on itself.", link.successor)
        if children and (
            link.predecessor in _ancestors(tasks, link.successor)
            or link.successor in _ancestors(tasks, link.predecessor)
        ):
            raise ScheduleError(
                f"Task {link.successor}: a phase cannot be linked to a task inside it "
                f"(link {link.predecessor} → {link.successor}).",
                link.successor,
            )
        for pred in leaves(link.predecessor):
            for succ in leaves(link.successor):
                key = (pred, succ)
                # The same link given twice (say to a phase and to a task inside it) is one link.
                if key in expanded and (expanded[key].type, expanded[key].lag) != (link.type, link.lag):
                    raise ScheduleError(
                        f"Task {succ} is linked to task {pred} twice in different ways.", succ
                    )
                expanded[key] = link
    return expanded


def _topological(leaves: list[str], edges: dict[tuple[str, str], Link]) -> list[str]:
    """Kahn's algorithm in the tasks' own order; on a loop, find and name it."""
    successors: dict[str, list[str]] = {task_id: [] for task_id in leaves}
    waiting = dict.fromkeys(leaves, 0)
    for pred, succ in edges:
        successors[pred].append(succ)
        waiting[succ] += 1
    ready = [task_id for task_id in reversed(leaves) if not waiting[task_id]]
    order: list[str] = []
    while ready:
        current = ready.pop()
        order.append(current)
        for succ in reversed(successors[current]):
            waiting[succ] -= 1
            if not waiting[succ]:
                ready.append(succ)
    if len(order) < len(leaves):
        raise CycleError(_find_cycle([t for t in leaves if waiting[t]], successors))
    return order


def _find_cycle(stuck: list[str], successors: dict[str, list[str]]) -> list[str]:
    """A loop among the tasks Kahn's algorithm could not order.

    Each of them still waits for a predecessor that is also stuck, so walking backwards through stuck
    predecessors must come back to a task already seen: that stretch of the walk is a loop.
    """
    remaining = set(stuck)
    predecessors: dict[str, list[str]] = {task_id: [] for task_id in stuck}
    for task_id in stuck:
        for succ in successors[task_id]:
            if succ in remaining:
                predecessors[succ].append(task_id)
    path: list[str] = []
    position: dict[str, int] = {}
    current = stuck[0]
    while current not in position:
        position[current] = len(path)
        path.append(current)
        current = predecessors[current][0]
    loop = path[position[current] :]
    loop.reverse()  # walked backwards; name the loop in the direction of the links
    return [*loop, loop[0]]
