"""Time the deterministic critical path method on a 20,000-task network against networkx.

Run with ``make bench`` or ``.venv/bin/python bench/schedule_cpm.py`` (networkx comes with
``pip install -e '.[bench]'``). It generates one seeded 20,000-task network (``_networks.generate``: 1 to 3
finish-to-start predecessors among the previous 20 tasks; each task lasts its most likely duration) and
times, in this one process, best of 5 with ``time.perf_counter`` (each run after a garbage collection):

- ours: ``Network.build(tasks, links)`` (validation, phase expansion, topological order) on its own;
  ``schedule(network)`` (forward and backward passes, total and free float, critical flags, the sorted
  critical path, one ``TaskTimes`` per task) on its own; and both together, the figure for the 1 s target;
- networkx, the project duration only: building a ``DiGraph`` whose edge (u, v) weighs u's duration, with a
  sink after every task without successors, then ``nx.dag_longest_path_length``;
- networkx, the same work as ``schedule``: building a ``DiGraph`` with a ``duration`` per node, then a
  forward and backward pass in ``nx.topological_sort`` order computing early and late dates, total and
  free float, the critical tasks and the critical path sorted by early start.

The ``Task``/``Link`` objects and the networkx edge lists are made before the timings, and each timed
run's network or graph is freed after the clock stops. It checks that the
three give the same project duration (and the two passes the same critical tasks and free floats), prints
the seconds and each networkx time over ours, and flags ("ok"/"FAIL") the target of under 1 s for ours. Targets are
reported, not asserted: the exit status is non-zero only when something crashes. Next to each wall-clock
time it prints this process's CPU time in that run: all of this is single-threaded, so a CPU time well
below the wall clock means other work was running on the machine.
"""

import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from functools import partial
from importlib.metadata import version
from typing import Any

import _networks

from civicadopt_core.schedule import Network, schedule

try:
    import networkx as nx
except ImportError as error:  # a benchmark-only dependency
    sys.exit(f"{error}: install it with `make bench` or `.venv/bin/pip install -e '.[bench]'`.")

TASKS = 20_000
REPEATS = 5  # cheap runs: more repeats steady the minimum on a shared machine
NETWORK_SEED = 20260601
TARGET_SECONDS = 1.0
TOLERANCE = 1e-6
SINK = "__finish__"


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, float, Any]:
    """Return the shortest of ``repeats`` timed runs, this process's CPU time in it and the last result.

    Each run starts after a garbage collection, without the previous run's result alive.
    """
    best, cpu, result = float("inf"), 0.0, None
    for _ in range(repeats):
        result = None  # free the previous run's result, and its garbage, before the clock starts
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        elapsed, used = time.perf_counter() - start, time.process_time() - start_cpu
        if elapsed < best:
            best, cpu = elapsed, used
    return best, cpu, result


def weighted_graph(durations: dict[str, float], edges: list[tuple[str, str]], ends: list[str]) -> Any:
    """Edge (u, v) weighs u's duration; every task without successors leads to a sink."""
    graph = nx.DiGraph()
    graph.add_nodes_from(durations)
    graph.add_weighted_edges_from((u, v, durations[u]) for u, v in edges)
    graph.add_weighted_edges_from((u, SINK, durations[u]) for u in ends)
    return graph


def task_graph(durations: dict[str, float], edges: list[tuple[str, str]]) -> Any:
    graph = nx.DiGraph()
    graph.add_nodes_from((task, {"duration": d}) for task, d in durations.items())
    graph.add_edges_from(edges)
    return graph


def nx_passes(graph: Any) -> tuple[float, list[str], dict[str, tuple[float, float, float]]]:
    """Forward and backward passes over ``nx.topological_sort``: the duration, the critical path and each
    task's early start, early finish and free float."""
    order = list(nx.topological_sort(graph))
    duration = nx.get_node_attributes(graph, "duration")
    es: dict[str, float] = {}
    ef: dict[str, float] = {}
    for task in order:
        start = max((ef[p] for p in graph.predecessors(task)), default=0.0)
        es[task], ef[task] = start, start + duration[task]
    finish = max(ef.values(), default=0.0)
    ls: dict[str, float] = {}
    lf: dict[str, float] = {}
    free: dict[str, float] = {}
    for task in reversed(order):
        successors = list(graph.successors(task))
        lf[task] = min((ls[s] for s in successors), default=finish)
        ls[task] = lf[task] - duration[task]
        free[task] = min((es[s] for s in successors), default=finish) - ef[task]
    position = {task: i for i, task in enumerate(order)}
    critical = sorted(
        (task for task in order if ls[task] - es[task] <= TOLERANCE),
        key=lambda task: (es[task], ef[task], position[task]),
    )
    return finish, critical, {task: (es[task], ef[task], free[task]) for task in order}


def build_and_pass(durations: dict[str, float], edges: list[tuple[str, str]]) -> Any:
    graph = task_graph(durations, edges)
    return graph, nx_passes(graph)


def longest(durations: dict[str, float], edges: list[tuple[str, str]], ends: list[str]) -> Any:
    graph = weighted_graph(durations, edges, ends)
    return graph, float(nx.dag_longest_path_length(graph, weight="weight"))


def build_and_schedule(tasks: list[Any], links: list[Any]) -> tuple[Network, Any]:
    network = Network.build(tasks, links)
    return network, schedule(network)  # the network is freed after the clock stops, as networkx's graph


def main() -> None:
    print(
        f"Python {platform.python_version()}, networkx {version('networkx')}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at the start"
    )
    specs = _networks.generate(TASKS, NETWORK_SEED)
    tasks, links = _networks.ours(specs)
    durations = {s.id: float(s.mode) for s in specs}
    edges = [(p, s.id) for s in specs for p in s.predecessors]
    ends = sorted(set(durations) - {u for u, _ in edges})
    print(f"\n{TASKS:,} tasks, {len(edges):,} finish-to-start links, deterministic durations (most likely)")

    build = best_of(REPEATS, partial(Network.build, tasks, links))
    network = build[2]
    passes = best_of(REPEATS, partial(schedule, network))
    plan = passes[2]
    together = best_of(REPEATS, partial(build_and_schedule, tasks, links))
    nx_build = best_of(REPEATS, partial(task_graph, durations, edges))
    nx_pass = best_of(REPEATS, partial(nx_passes, nx_build[2]))
    nx_finish, nx_critical, nx_dates = nx_pass[2]
    nx_together = best_of(REPEATS, partial(build_and_pass, durations, edges))
    nx_weighted = best_of(REPEATS, partial(weighted_graph, durations, edges, ends))
    nx_length = best_of(REPEATS, lambda: float(nx.dag_longest_path_length(nx_weighted[2], weight="weight")))
    length = nx_length[2]
    nx_longest = best_of(REPEATS, partial(longest, durations, edges, ends))

    print(f"  {'':<48} {'seconds':>8} {'cpu s':>7} {'networkx/ours':>14}")
    rows = [
        ("ours: Network.build", build, None),
        ("ours: schedule (passes, floats, critical path)", passes, None),
        ("ours: both together", together, None),
        ("networkx: build DiGraph", nx_build, build),
        ("networkx: passes over topological_sort", nx_pass, passes),
        ("networkx: both together", nx_together, together),
        ("networkx: build weighted DiGraph", nx_weighted, build),
        ("networkx: dag_longest_path_length", nx_length, passes),
        ("networkx: both together (duration only)", nx_longest, together),
    ]
    for name, (seconds, cpu, _), ours in rows:
        ratio = f"{seconds / ours[0]:13.2f}x" if ours else ""
        print(f"  {name:<48} {seconds:8.3f} {cpu:7.3f} {ratio:>14}")

    same = abs(plan.duration - nx_finish) <= TOLERANCE and abs(plan.duration - length) <= TOLERANCE
    # Ties in (early start, early finish) follow each tool's own topological order, so compare the
    # critical tasks as a set and the path as its sequence of dates.
    same_path = set(plan.critical_path) == set(nx_critical) and [
        (plan.tasks[t].es, plan.tasks[t].ef) for t in plan.critical_path
    ] == [nx_dates[t][:2] for t in nx_critical]
    same_float = all(abs(plan.tasks[t].free_float - nx_dates[t][2]) <= TOLERANCE for t in durations)
    print(
        f"  project duration: ours {plan.duration:,.1f}, networkx passes {nx_finish:,.1f}, "
        f"dag_longest_path_length {length:,.1f}: {'same' if same else 'DIFFERENT'}"
    )
    print(
        f"  critical path: ours {len(plan.critical_path):,} tasks, networkx {len(nx_critical):,}: "
        f"{'same' if same_path else 'DIFFERENT'}; free float of every task: {'same' if same_float else 'DIFFERENT'}"
    )
    verdict = "ok" if together[0] < TARGET_SECONDS else "FAIL"
    print(f"  target: ours under {TARGET_SECONDS:.0f} s for {TASKS:,} tasks: {verdict} ({together[0]:.3f} s)")


if __name__ == "__main__":
    main()
