"""Joint schedule and cost Monte Carlo.

Each iteration draws every uncertain task duration from its three-point estimate (PERT or triangular),
lets every risk event happen with its probability (adding its delay to the linked tasks and its cost to
the budget), and runs the critical-path passes on the result. The passes are vectorised over
iterations (``cpm.passes`` on numpy arrays), in chunks so that memory stays bounded for large plans.

Reproducible: every task and every risk has its own random stream derived from the seed and its id, so
the same seed gives the same answer, and editing one task leaves the other tasks' draws unchanged.
Correlation between task durations uses one shared factor (a Gaussian copula): with correlation rho each
task's normal score is sqrt(rho)·shared + sqrt(1 - rho)·own, so tasks tend to overrun together.

Outputs: P10/P50/P80/P90 of the finish (working days) and of the cost, the contingency reserve at the
chosen confidence (that percentile minus the deterministic plan, in days and in money), each task's
criticality index (the share of iterations in which it is on a critical path), the drivers of the
finish (correlation between each task's duration, or each risk's occurrence, and the finish), the
S-curve and a histogram.
"""

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from civicadopt_core.uncertainty._special import ndtr
from civicadopt_core.uncertainty.distributions import _triangular
from civicadopt_core.uncertainty.montecarlo import stream_key

from .cpm import TOLERANCE, passes, schedule
from .estimates import Estimate, RiskEvent
from .network import Network
from .pert import pert_draw, pert_row

METHOD_VERSION = "schedule-mc/1"
MAX_ITERATIONS = 200_000
CHUNK_ELEMENTS = 10_000_000  # task-iterations per chunk: about 80 MB per array of the passes
PERCENTILES = (10, 50, 80, 90)
S_CURVE = tuple(range(0, 101, 5))
HISTOGRAM_BINS = 30
FloatArray = NDArray[np.float64]
Shape = Literal["pert", "triangular"]


@dataclass(frozen=True)
class Spread:
    mean: float
    p10: float
    p50: float
    p80: float
    p90: float
    at_confidence: float


@dataclass(frozen=True)
class Driver:
    """A task or risk whose variation moves the finish: its correlation with the finish (-1 to 1)."""

    kind: Literal["task", "risk"]
    key: str
    correlation: float
    criticality: float | None


@dataclass(frozen=True)
class ScheduleSimulation:
    iterations: int
    seed: int
    distribution: str
    correlation: float
    confidence: float
    method_version: str
    planned_finish: float
    planned_cost: float
    finish: Spread
    cost: Spread
    reserve_days: float
    reserve_cost: float
    probability_on_plan: float
    criticality: dict[str, float]
    risk_occurrence: dict[str, float]
    drivers: list[Driver]
    s_curve: list[tuple[int, float, float]]  # (percent, finish, cost)
    histogram: dict[str, list[float]]  # bin edges and counts of the finish

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def simulate_schedule(
    network: Network,
    *,
    risks: Sequence[RiskEvent] = (),
    distribution: Shape = "pert",
    correlation: float = 0.0,
    iterations: int = 10_000,
    seed: int = 0,
    confidence: float = 0.8,
    drivers: int = 10,
) -> ScheduleSimulation:
    if (
        isinstance(iterations, bool)
        or not isinstance(iterations, int)
        or not 1 <= iterations <= MAX_ITERATIONS
    ):
        raise ValueError(f"iterations must be a whole number from 1 to {MAX_ITERATIONS:,}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("the seed must be a whole number, 0 or more")
    if distribution not in ("pert", "triangular"):
        raise ValueError("the distribution must be 'pert' or 'triangular'")
    if not 0.0 <= correlation <= 1.0:
        raise ValueError("the correlation must be between 0 and 1")
    if not 0.5 <= confidence < 1.0:
        raise ValueError("the confidence must be from 0.5 to just under 1")
    for risk in risks:
        missing = [t for t in risk.tasks if t not in network.tasks]
        if missing:
            raise ValueError(f"risk {risk.key}: task {missing[0]} is not in the plan")
    run = _Run(network, risks, distribution, correlation, iterations, seed)
    finish, cost = run.execute()
    plan = schedule(network)
    planned_cost = run.planned_cost()
    finish_spread = _spread(finish, confidence)
    cost_spread = _spread(cost, confidence)
    counts, edges = np.histogram(finish, bins=HISTOGRAM_BINS)
    curve_finish = np.percentile(finish, S_CURVE)
    curve_cost = np.percentile(cost, S_CURVE)
    return ScheduleSimulation(
        iterations=iterations,
        seed=seed,
        distribution=distribution,
        correlation=correlation,
        confidence=confidence,
        method_version=METHOD_VERSION,
        planned_finish=plan.duration,
        planned_cost=planned_cost,
        finish=finish_spread,
        cost=cost_spread,
        reserve_days=max(0.0, finish_spread.at_confidence - plan.duration),
        reserve_cost=max(0.0, cost_spread.at_confidence - planned_cost),
        probability_on_plan=float(np.mean(finish <= plan.duration + TOLERANCE)),
        criticality=run.criticality(),
        risk_occurrence={
            risk.key: float(n) / iterations for risk, n in zip(risks, run.occurred, strict=True)
        },
        drivers=run.drivers(finish, drivers),
        s_curve=[(p, float(f), float(c)) for p, f, c in zip(S_CURVE, curve_finish, curve_cost, strict=True)],
        histogram={"edges": [float(e) for e in edges], "counts": [float(c) for c in counts]},
    )


def _spread(values: FloatArray, confidence: float) -> Spread:
    p10, p50, p80, p90, at = np.percentile(values, [*PERCENTILES, confidence * 100])
    return Spread(float(np.mean(values)), float(p10), float(p50), float(p80), float(p90), float(at))


class _Sampler:
    """Draws one quantity (a task's duration, a risk's delay or cost) from its own stream, chunk by chunk."""

    def __init__(self, estimate: Estimate, shape: Shape, seed: int, key: tuple[int, ...], rho: float) -> None:
        self.estimate = estimate
        self.shape = shape
        self.rho = rho
        self.generator = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
        a, m, b = estimate.low, estimate.mode, estimate.high
        self.fixed = b - a <= 0.0
        self.row = pert_row(a, m, b) if shape == "pert" and not self.fixed else None

    def draw(self, size: int, shared: FloatArray | None) -> FloatArray:
        a, m, b = self.estimate.low, self.estimate.mode, self.estimate.high
        if self.fixed:
            return np.full(size, a)
        if shared is None or self.rho == 0.0:
            if self.row is not None:
                return pert_draw(self.generator.random(size), self.row, a, b)
            return self.generator.triangular(a, m, b, size)
        z = math.sqrt(self.rho) * shared + math.sqrt(1.0 - self.rho) * self.generator.standard_normal(size)
        if self.row is not None:
            return pert_draw(ndtr(z), self.row, a, b)
        return _triangular(ndtr(z), a, m, b)


class _Run:
    def __init__(
        self,
        network: Network,
        risks: Sequence[RiskEvent],
        shape: Shape,
        rho: float,
        iterations: int,
        seed: int,
    ) -> None:
        self.network = network
        self.risks = list(risks)
        self.iterations = iterations
        self.count = len(network.order)
        self.shared = (
            np.random.default_rng(np.random.SeedSequence(seed, spawn_key=stream_key("shared")))
            if rho > 0
            else None
        )
        self.samplers: dict[int, _Sampler] = {}
        for i, task_id in enumerate(network.order):
            task = network.tasks[task_id]
            if (
                task.estimate is not None
                and task.actual_finish is None
                and task.estimate.high > task.estimate.low
            ):
                self.samplers[i] = _Sampler(task.estimate, shape, seed, stream_key("task", task_id), rho)
        self.risk_streams = [
            (
                np.random.default_rng(np.random.SeedSequence(seed, spawn_key=stream_key("risk", r.key))),
                _Sampler(r.delay, shape, seed, stream_key("risk-delay", r.key), 0.0) if r.delay else None,
                _Sampler(r.cost, shape, seed, stream_key("risk-cost", r.key), 0.0) if r.cost else None,
                # A task named twice (directly and through its phase) is delayed once.
                sorted({network.index[t] for key in r.tasks for t in network.descendants(key)}),
            )
            for r in self.risks
        ]
        self.occurred = [0] * len(self.risks)
        self.critical = np.zeros(self.count, dtype=np.int64)
        # Running sums for each sampled task's correlation with the finish.
        self.sums = {i: np.zeros(3) for i in self.samplers}  # Σd, Σd², Σd·f
        self.risk_sums = [np.zeros(1) for _ in self.risks]  # Σ(occurs·f)
        self.finish_sums = np.zeros(2)  # Σf, Σf²

    def planned_cost(self) -> float:
        return sum(
            t.cost + t.cost_per_day * t.duration
            for t in self.network.tasks.values()
            if t.id not in self.network.children
        )

    def execute(self) -> tuple[FloatArray, FloatArray]:
        chunk = max(256, CHUNK_ELEMENTS // max(self.count, 1))
        finishes: list[FloatArray] = []
        costs: list[FloatArray] = []
        done = 0
        while done < self.iterations:
            size = min(chunk, self.iterations - done)
            finish, cost = self._chunk(size)
            finishes.append(finish)
            costs.append(cost)
            done += size
        return np.concatenate(finishes), np.concatenate(costs)

    def _chunk(self, size: int) -> tuple[FloatArray, FloatArray]:
        shared = self.shared.standard_normal(size) if self.shared is not None else None
        durations: list[Any] = [self.network.leaf(i).duration for i in range(self.count)]
        for i, sampler in self.samplers.items():
            durations[i] = sampler.draw(size, shared)
        cost = np.zeros(size)
        occurs_all: list[NDArray[np.bool_]] = []
        for n, (stream, delay, extra, targets) in enumerate(self.risk_streams):
            occurs = stream.random(size) < self.risks[n].probability
            occurs_all.append(occurs)
            self.occurred[n] += int(np.count_nonzero(occurs))
            if delay is not None and targets:
                added = delay.draw(size, None) * occurs
                for i in targets:
                    durations[i] = durations[i] + added
            if extra is not None:
                cost += extra.draw(size, None) * occurs
        for i in range(self.count):
            task = self.network.leaf(i)
            if task.cost:
                cost += task.cost
            if task.cost_per_day:
                cost += task.cost_per_day * durations[i]
        p = passes(self.network, [d if isinstance(d, np.ndarray) else np.full(size, d) for d in durations])
        finish = np.asarray(p.finish, dtype=np.float64)
        if finish.shape != (size,):
            finish = np.full(size, float(finish))
        for i in range(self.count):
            if self.network.leaf(i).actual_finish is None:
                self.critical[i] += int(np.count_nonzero(p.lf[i] - p.ef[i] <= TOLERANCE))
        for i, sums in self.sums.items():
            d = durations[i]
            sums += (d.sum(), d @ d, d @ finish)
        for n, occurs in enumerate(occurs_all):
            self.risk_sums[n] += finish[occurs].sum()
        self.finish_sums += (finish.sum(), finish @ finish)
        return finish, cost

    def criticality(self) -> dict[str, float]:
        by_leaf = {
            task_id: float(self.critical[i]) / self.iterations for i, task_id in enumerate(self.network.order)
        }
        for phase in self.network.children:
            by_leaf[phase] = max((by_leaf[t] for t in self.network.descendants(phase)), default=0.0)
        return {task_id: by_leaf[task_id] for task_id in self.network.tasks}

    def drivers(self, finish: FloatArray, limit: int) -> list[Driver]:
        n = float(self.iterations)
        f_mean = self.finish_sums[0] / n
        f_var = self.finish_sums[1] / n - f_mean**2
        found: list[Driver] = []
        if f_var <= 1e-12:
            return found
        f_sd = math.sqrt(f_var)
        critical = self.criticality()
        for i, (s, s2, sf) in self.sums.items():
            mean = s / n
            var = s2 / n - mean**2
            if var <= 1e-12:
                continue
            r = (sf / n - mean * f_mean) / (math.sqrt(var) * f_sd)
            task_id = self.network.order[i]
            found.append(Driver("task", task_id, _bounded(r), critical[task_id]))
        for risk, count, (sf,) in zip(self.risks, self.occurred, self.risk_sums, strict=True):
            q = count / n
            if q <= 0.0 or q >= 1.0:
                continue
            r = (sf / n - q * f_mean) / (math.sqrt(q * (1 - q)) * f_sd)
            found.append(Driver("risk", risk.key, _bounded(r), None))
        found.sort(key=lambda d: (-abs(d.correlation), d.kind, d.key))
        return found[:limit]


def _bounded(r: float) -> float:
    return max(-1.0, min(1.0, float(r)))
