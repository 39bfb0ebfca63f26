"""Seeded random task networks for the schedule benchmarks, and the same network in each tool's input.

``generate(count, seed)`` returns ``count`` tasks in order. Task 0 starts the project; every later task
has 1 to 3 finish-to-start predecessors drawn among the ``WINDOW`` tasks just before it (no lags), so
the network is a realistic, fairly deep plan rather than a chain or a star. Each task has a three-point
estimate in whole working days:

- most likely ``mode``: 10 to 40 days;
- optimistic ``low``: ``mode`` minus 1 to 7 days (0.8 to 0.95 x the most likely);
- pessimistic ``high``: ``low + width`` (1.3 to 2.2 x the most likely).

Why whole days, and why the most likely sits about 15% of the way from ``low`` to ``high``:

- ``trueppm-scheduler`` accepts whole working days only (and rounds each sampled duration to the
  nearest day), so every tool gets the same integer estimates;
- the two PERT conventions in play then coincide. ``pmcontrols`` and ``civicadopt_core`` sample the
  lambda = 4 Beta-PERT (alpha = 1 + 4 (m - a) / (b - a)); ``trueppm-scheduler`` samples a Beta fitted by
  the method of moments to the PERT mean (a + 4m + b) / 6 and standard deviation (b - a) / 6 (its
  documented convention). A Beta on [a, b] is fixed by its mean and variance, and the lambda = 4
  Beta-PERT has the standard deviation (b - a) / 6 exactly when (m - a) / (b - a) = (2 - sqrt 2) / 4
  (alpha = 3 - sqrt 2, beta = 3 + sqrt 2). ``width`` is the whole number that puts the mode nearest that
  point, so the three tools draw from the same distribution (``pert_gap`` reports how close).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from civicadopt_core.schedule import Estimate, Link, Network, Task

WINDOW = 20
MODE_POSITION = (2 - math.sqrt(2)) / 4  # where lambda=4 Beta-PERT has sd (b - a) / 6
START = date(2026, 1, 5)  # a Monday; the trueppm calendar works every day, so the weekday is moot


@dataclass(frozen=True)
class Spec:
    """One generated task: its id, three-point estimate (whole days) and predecessors' ids."""

    id: str
    low: int
    mode: int
    high: int
    predecessors: tuple[str, ...]


def generate(count: int, seed: int) -> list[Spec]:
    """Return ``count`` tasks in dependency order; the same ``count`` and ``seed`` give the same network."""
    rng = np.random.default_rng(seed)
    specs: list[Spec] = []
    for i in range(count):
        mode = int(rng.integers(10, 41))
        below = max(1, min(7, round(MODE_POSITION * mode * rng.uniform(0.5, 1.1))))
        width = round(below / MODE_POSITION)
        low = mode - below
        if i:
            window = np.arange(max(0, i - WINDOW), i)
            picked = rng.choice(window, size=min(int(rng.integers(1, 4)), i), replace=False)
            predecessors = tuple(f"T{j}" for j in sorted(picked.tolist()))
        else:
            predecessors = ()
        specs.append(Spec(f"T{i}", low, mode, low + width, predecessors))
    return specs


def pert_gap(specs: Iterable[Spec]) -> float:
    """The largest relative difference between the lambda=4 Beta-PERT standard deviation and (b - a) / 6."""
    gap = 0.0
    for spec in specs:
        width = spec.high - spec.low
        alpha = 1 + 4 * (spec.mode - spec.low) / width
        beta = 6 - alpha
        lambda4 = width * math.sqrt(alpha * beta / (36 * 7))
        gap = max(gap, abs(lambda4 / (width / 6) - 1))
    return gap


def ours(specs: Iterable[Spec]) -> tuple[list[Task], list[Link]]:
    """civicadopt_core tasks (planned duration = most likely) and finish-to-start links."""
    tasks: list[Task] = []
    links: list[Link] = []
    for spec in specs:
        tasks.append(Task(spec.id, duration=spec.mode, estimate=Estimate(spec.low, spec.mode, spec.high)))
        links.extend(Link(pred, spec.id) for pred in spec.predecessors)
    return tasks, links


def our_network(specs: Iterable[Spec]) -> Network:
    tasks, links = ours(specs)
    return Network.build(tasks, links)


def pmcontrols_activities(specs: Iterable[Spec]) -> list[dict[str, Any]]:
    """``pmcontrols.pert`` input: ``id``, ``predecessors`` and the three points ``a``, ``m``, ``b``."""
    return [
        {"id": s.id, "predecessors": list(s.predecessors), "a": s.low, "m": s.mode, "b": s.high}
        for s in specs
    ]


def trueppm_project(specs: Iterable[Spec]) -> Any:
    """A ``trueppm_scheduler.Project`` on a seven-day calendar (working days = calendar days).

    Each task's ``duration`` is its optimistic value: trueppm floors every sampled duration at
    ``duration``, which must therefore not cut into the estimate.
    """
    import trueppm_scheduler as tp

    day = timedelta(days=1)
    tasks, dependencies = [], []
    for s in specs:
        tasks.append(
            tp.Task(
                id=s.id,
                name=s.id,
                duration=s.low * day,
                optimistic_duration=s.low * day,
                most_likely_duration=s.mode * day,
                pessimistic_duration=s.high * day,
            )
        )
        dependencies.extend(tp.Dependency(predecessor_id=p, successor_id=s.id) for p in s.predecessors)
    return tp.Project(
        id="bench",
        name="bench",
        start_date=START,
        tasks=tasks,
        dependencies=dependencies,
        calendar=tp.Calendar(working_days=0b111_1111),
    )


def trueppm_days(shown: date, at_day_start: bool) -> float:
    """A trueppm finish (the day it is shown on, and which edge of it) as working days from the start."""
    return float((shown - START).days + (0 if at_day_start else 1))
