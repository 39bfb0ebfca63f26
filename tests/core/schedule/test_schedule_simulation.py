"""The schedule and cost Monte Carlo: analytic answers (PERT mean, triangular quantiles, merge bias on the
textbook network), reproducibility however the work is split, properties of risks and correlation, and the
worked example of docs/methods/schedule-and-risk.md."""

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from civicadopt_core.schedule import (
    Estimate,
    Link,
    Network,
    RiskEvent,
    ScheduleSimulation,
    Task,
    schedule,
    simulate_schedule,
    simulation,
)

E = Estimate
# Heizer, Render and Munson, "Operations Management" (12th ed.), ch. 3, Milwaukee Paper Manufacturing,
# three-time estimates (weeks): optimistic, most likely, pessimistic. The book's expected times
# t = (a + 4m + b) / 6 are A 2, B 3, C 2, D 4, E 4, F 3, G 5, H 2 (15 weeks on A-C-E-G-H), and the
# critical path's variance sum of ((b - a) / 6)^2 is 112/36 = 3.11.
MILWAUKEE = {
    "A": (1, 2, 3),
    "B": (2, 3, 4),
    "C": (1, 2, 3),
    "D": (2, 4, 6),
    "E": (1, 4, 7),
    "F": (1, 2, 9),
    "G": (3, 4, 11),
    "H": (1, 2, 3),
}
MILWAUKEE_PREDECESSORS = {"C": "A", "D": "A,B", "E": "C", "F": "C", "G": "D,E", "H": "F,G"}


def milwaukee() -> Network:
    tasks = [Task(k, duration=(a + 4 * m + b) / 6, estimate=E(a, m, b)) for k, (a, m, b) in MILWAUKEE.items()]
    links = [Link(p, s) for s, preds in MILWAUKEE_PREDECESSORS.items() for p in preds.split(",")]
    return Network.build(tasks, links)


def chain(estimates: list[Estimate], **task_fields) -> Network:
    tasks = [Task(f"t{i}", duration=e.mode, estimate=e, **task_fields) for i, e in enumerate(estimates)]
    return Network.build(tasks, [Link(f"t{i}", f"t{i + 1}") for i in range(len(tasks) - 1)])


def mixed() -> Network:
    """All four link types, a phase, costs, and a mix of fixed and uncertain durations."""
    tasks = [
        Task("a", duration=5, estimate=E(3, 5, 9), cost=500),
        Task("P"),
        Task("b", duration=4, estimate=E(2, 4, 10), parent="P", cost_per_day=100),
        Task("c", duration=6, parent="P"),
        Task("d", duration=3, estimate=E(3, 3, 3)),
        Task("e", duration=2, estimate=E(1, 2, 6), cost_per_day=50),
    ]
    links = [
        Link("a", "P", "SS", 2),
        Link("b", "c", "FF", 1),
        Link("c", "d", "FS", -1),
        Link("b", "e", "SF", 4),
        Link("d", "e"),
    ]
    return Network.build(tasks, links)


RISKS = [
    RiskEvent("supplier", 0.3, delay=E(1, 2, 6), cost=E(100, 200, 600), tasks=("c",)),
    RiskEvent("rework", 0.5, delay=E(0, 1, 2), tasks=("P",)),
]


def without_drivers(result: ScheduleSimulation) -> dict:
    data = result.as_dict()
    data.pop("drivers")
    return data


# Analytic answers


@pytest.mark.parametrize("activity", list(MILWAUKEE))
def test_the_pert_mean_is_a_plus_four_m_plus_b_over_six(activity: str) -> None:
    # The PERT-Beta has mean (a + 4m + b)/6 and variance (mean - a)(b - mean)/7 (Vose 2008); the sample
    # mean of 20,000 draws is within four standard errors of it.
    a, m, b = MILWAUKEE[activity]
    mean = (a + 4 * m + b) / 6
    se = math.sqrt((mean - a) * (b - mean) / 7 / 20_000)
    network = Network.build([Task(activity, duration=m, estimate=E(a, m, b))])
    for correlation in (0.0, 0.5):  # numpy's beta sampler, and the inverse-CDF path used with correlation
        result = simulate_schedule(network, iterations=20_000, seed=3, correlation=correlation)
        assert result.finish.mean == pytest.approx(mean, abs=4 * se)


def test_a_single_triangular_task_has_the_analytic_quantiles() -> None:
    a, m, b, n = 2.0, 5.0, 14.0, 40_000
    network = Network.build([Task("t", duration=m, estimate=E(a, m, b))])
    exact = stats.triang(c=(m - a) / (b - a), loc=a, scale=b - a)
    for correlation in (0.0, 0.7):  # numpy's triangular sampler, then the inverse CDF of a normal score
        result = simulate_schedule(
            network, distribution="triangular", iterations=n, seed=11, correlation=correlation
        )
        for p, got in ((0.5, result.finish.p50), (0.8, result.finish.p80), (0.9, result.finish.p90)):
            # the standard error of a sample quantile: sqrt(p(1-p)/n) / density at the quantile
            se = math.sqrt(p * (1 - p) / n) / exact.pdf(exact.ppf(p))
            assert got == pytest.approx(exact.ppf(p), abs=4 * se)
        assert result.finish.mean == pytest.approx((a + m + b) / 3, abs=4 * exact.std() / math.sqrt(n))


def test_merge_bias_on_the_textbook_network() -> None:
    # The plan with PERT expected times finishes in 15 weeks. The finish is a maximum over paths, so its
    # mean exceeds the finish of the mean durations (Jensen's inequality) -- "merge bias". The classical
    # PERT answer looks along the critical path alone: P(finish <= 16) = Phi(1 / sqrt(3.11)) = 71%; in the
    # simulation path B-D-G-H also runs late sometimes, and fewer than 70% of iterations finish by week 16.
    result = simulate_schedule(milwaukee(), iterations=100_000, seed=1)
    assert result.planned_finish == 15
    assert result.finish.mean > 15.2 and result.finish.p50 > 15
    classical = stats.norm.cdf(1 / math.sqrt(112 / 36))
    assert classical == pytest.approx(0.714, abs=0.001)
    assert {p: f for p, f, _ in result.s_curve}[70] > 16
    # F is critical only when its 9-week tail comes out: about 0.1% of the time
    assert result.criticality["F"] < 0.01 and result.criticality["H"] == 1.0
    assert result.criticality["B"] + result.criticality["A"] == pytest.approx(1.0)


# Reproducibility


def test_the_same_seed_gives_the_same_result_and_another_seed_does_not() -> None:
    first = simulate_schedule(mixed(), risks=RISKS, iterations=2_000, seed=5, correlation=0.4)
    again = simulate_schedule(mixed(), risks=RISKS, iterations=2_000, seed=5, correlation=0.4)
    other = simulate_schedule(mixed(), risks=RISKS, iterations=2_000, seed=6, correlation=0.4)
    assert first == again
    assert first.finish != other.finish


@pytest.mark.parametrize("distribution", ["pert", "triangular"])
@pytest.mark.parametrize("correlation", [0.0, 0.6])
def test_splitting_the_iterations_into_chunks_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, distribution: str, correlation: float
) -> None:
    def run() -> ScheduleSimulation:
        return simulate_schedule(
            mixed(), risks=RISKS, iterations=1_000, seed=9, correlation=correlation, distribution=distribution
        )

    whole = run()
    monkeypatch.setattr(simulation, "CHUNK_ELEMENTS", 1)  # chunks of 256 iterations
    chunked = run()
    assert without_drivers(chunked) == without_drivers(whole)
    # The drivers' correlations come from running sums, added chunk by chunk: equal to rounding.
    assert [(d.kind, d.key) for d in chunked.drivers] == [(d.kind, d.key) for d in whole.drivers]
    for split, single in zip(chunked.drivers, whole.drivers, strict=True):
        assert split.correlation == pytest.approx(single.correlation, abs=1e-12)


def test_editing_one_task_leaves_the_others_draws_alone() -> None:
    # Each task has its own random stream, keyed by its id: widening t0 changes nothing for t1, so in a
    # two-task parallel plan the iterations where t1 is longest are unchanged.
    def parallel(high: float) -> Network:
        return Network.build(
            [Task("t0", duration=1, estimate=E(0, 1, high)), Task("t1", duration=50, estimate=E(40, 50, 60))]
        )

    assert (
        simulate_schedule(parallel(2), iterations=500, seed=2).finish
        == simulate_schedule(parallel(3), iterations=500, seed=2).finish
    )


# Properties


def test_zero_width_estimates_reproduce_the_plan() -> None:
    network = Network.build(
        [
            Task("a", duration=4, estimate=E.exactly(4), cost=100),
            Task("b", duration=6, estimate=E.exactly(6), cost_per_day=10),
            Task("c", duration=2),
        ],
        [Link("a", "b", "SS", 1), Link("a", "c")],
    )
    plan = schedule(network)
    result = simulate_schedule(network, iterations=500, seed=1)
    spread = result.finish
    assert spread.p10 == spread.p50 == spread.p80 == spread.p90 == spread.mean == plan.duration == 7
    assert result.cost.p50 == result.cost.p90 == result.planned_cost == 160
    assert (result.reserve_days, result.reserve_cost, result.probability_on_plan) == (0, 0, 1)
    assert result.criticality == {t: float(x.critical) for t, x in plan.tasks.items()}
    assert result.drivers == []


def test_every_task_of_a_single_chain_is_always_critical() -> None:
    result = simulate_schedule(chain([E(1, 2, 4), E(3, 5, 11), E(0.5, 1, 3)]), iterations=2_000, seed=3)
    assert result.criticality == {"t0": 1.0, "t1": 1.0, "t2": 1.0}
    assert result.drivers[0].key == "t1"  # the widest estimate moves the finish most


@pytest.mark.parametrize("correlation", [0.0, 0.5])
def test_a_certain_fixed_delay_on_a_chain_shifts_every_percentile_by_that_delay(correlation: float) -> None:
    network = chain([E(1, 2, 4), E(3, 5, 11), E(2, 3, 5)])
    risk = RiskEvent("permit", 1.0, delay=E.exactly(4), cost=E.exactly(250), tasks=("t1",))
    base = simulate_schedule(network, iterations=2_000, seed=8, correlation=correlation)
    hit = simulate_schedule(network, risks=[risk], iterations=2_000, seed=8, correlation=correlation)
    for name in ("mean", "p10", "p50", "p80", "p90"):
        assert getattr(hit.finish, name) == pytest.approx(getattr(base.finish, name) + 4, abs=1e-9)
        assert getattr(hit.cost, name) == pytest.approx(getattr(base.cost, name) + 250, abs=1e-9)
    assert hit.risk_occurrence == {"permit": 1.0}
    assert hit.reserve_days == pytest.approx(base.reserve_days + 4, abs=1e-9)


def test_a_risk_that_cannot_happen_changes_nothing() -> None:
    never = RiskEvent("never", 0.0, delay=E(5, 10, 20), cost=E(1_000, 2_000, 5_000), tasks=("a", "P"))
    base = simulate_schedule(mixed(), risks=RISKS, iterations=2_000, seed=12, correlation=0.2)
    plus = simulate_schedule(mixed(), risks=[*RISKS, never], iterations=2_000, seed=12, correlation=0.2)
    assert (plus.finish, plus.cost, plus.criticality) == (base.finish, base.cost, base.criticality)
    assert plus.risk_occurrence == {**base.risk_occurrence, "never": 0.0}


def test_correlation_widens_the_spread_of_a_chain() -> None:
    # Independent overruns partly cancel along a chain; correlated ones add up.
    network = chain([E(4, 5, 9)] * 6)

    def spread(rho: float) -> float:
        result = simulate_schedule(network, iterations=5_000, seed=21, correlation=rho)
        return result.finish.p90 - result.finish.p10

    independent, partial, together = spread(0.0), spread(0.5), spread(1.0)
    assert independent < partial < together
    assert together > 2 * independent  # sqrt(6) ≈ 2.45 times in the limit


def test_risk_cost_and_time_dependent_cost_enter_the_cost_result() -> None:
    # One task of 10 days at 100 a day plus a fixed 1,000; a risk that always adds 5 days and 300.
    network = Network.build([Task("t", duration=10, cost=1_000, cost_per_day=100)])
    risk = RiskEvent("r", 1.0, delay=E.exactly(5), cost=E.exactly(300), tasks=("t",))
    result = simulate_schedule(network, risks=[risk], iterations=100, seed=1)
    assert result.planned_cost == 2_000
    assert result.cost.p50 == 2_000 + 5 * 100 + 300  # the delay's days are paid for too
    assert (result.reserve_days, result.reserve_cost) == (5, 800)


def test_a_risk_on_a_phase_and_its_task_delays_the_task_once() -> None:
    network = Network.build([Task("P"), Task("b", duration=3, parent="P")])
    risk = RiskEvent("r", 1.0, delay=E.exactly(2), tasks=("P", "b"))
    assert simulate_schedule(network, risks=[risk], iterations=10).finish.p50 == 5  # got 7


def test_a_late_task_in_progress_is_always_critical_in_the_simulation() -> None:
    tasks = [
        Task("doing", duration=10, actual_start=0, progress=0.25),
        Task("next", duration=3, estimate=E(2, 3, 5)),
    ]
    network = Network.build(tasks, [Link("doing", "next")], status=5)
    assert simulate_schedule(network, iterations=200).criticality == {"doing": 1.0, "next": 1.0}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"iterations": 0}, "iterations must be a whole number"),
        ({"iterations": True}, "iterations must be a whole number"),
        ({"iterations": 200_001}, "from 1 to 200,000"),
        ({"seed": -1}, "the seed must be a whole number"),
        ({"distribution": "normal"}, "'pert' or 'triangular'"),
        ({"correlation": 1.5}, "the correlation must be between 0 and 1"),
        ({"confidence": 0.4}, "the confidence must be from 0.5"),
        ({"risks": [RiskEvent("r", 0.5, tasks=("nope",))]}, "risk r: task nope is not in the plan"),
    ],
)
def test_bad_simulation_settings_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate_schedule(mixed(), **kwargs)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"probability": 1.2}, "probability must be between 0 and 1"),
        ({"delay": E(-1, 0, 1)}, "a delay cannot be negative"),
    ],
)
def test_bad_risks_are_refused(fields: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(RiskEvent("r", 0.5), **fields)


# The worked example of docs/methods/schedule-and-risk.md


def permits_project() -> Network:
    """The online parking-permit project of the methods document: days, three-point estimates, 1,000 a day."""
    tasks = [
        Task("1", "Requirements", 5, E(4, 5, 8), cost_per_day=1_000),
        Task("2", "Procure vendor", 15, E(12, 15, 25), cost_per_day=1_000),
        Task("3", "Configure system", 10, E(8, 10, 16), cost_per_day=1_000),
        Task("4", "Migrate data", 8, E(6, 8, 14), cost_per_day=1_000),
        Task("5", "Train staff", 4, E(3, 4, 6), cost_per_day=1_000),
        Task("6", "Go live", milestone=True),
    ]
    links = [
        Link("1", "2"),
        Link("2", "3"),
        Link("3", "4", "SS", 3),
        Link("3", "5", "FF"),
        Link("4", "6"),
        Link("5", "6"),
    ]
    return Network.build(tasks, links)


CHALLENGE = RiskEvent("challenge", 0.2, delay=E.exactly(10), cost=E.exactly(15_000), tasks=("2",))


def test_worked_example_in_the_methods_document() -> None:
    network = permits_project()
    plan = schedule(network)
    assert plan.duration == 31
    assert plan.critical_path == ("1", "2", "3", "4", "6")
    assert {t: (x.es, x.ef, x.ls, x.lf, x.total_float, x.free_float) for t, x in plan.tasks.items()} == {
        "1": (0, 5, 0, 5, 0, 0),
        "2": (5, 20, 5, 20, 0, 0),
        "3": (20, 30, 20, 30, 0, 0),
        "4": (23, 31, 23, 31, 0, 0),
        "5": (26, 30, 27, 31, 1, 1),
        "6": (31, 31, 31, 31, 0, 0),
    }

    estimates = simulate_schedule(network, iterations=10_000, seed=1)
    assert (estimates.planned_finish, estimates.planned_cost) == (31, 42_000)
    finish, cost = estimates.finish, estimates.cost
    assert [round(x, 1) for x in (finish.p50, finish.p80, finish.p90)] == [33.4, 35.9, 37.2]
    assert round(estimates.reserve_days, 1) == 4.9
    assert round(estimates.probability_on_plan, 2) == 0.18
    assert [round(x, -2) for x in (cost.p50, cost.p80)] == [44_900, 47_600]
    assert round(estimates.reserve_cost, -2) == 5_600
    assert {k: round(v, 2) for k, v in estimates.criticality.items()} == {
        "1": 1.0, "2": 1.0, "3": 1.0, "4": 0.68, "5": 0.32, "6": 1.0
    }  # fmt: skip

    with_risk = simulate_schedule(network, risks=[CHALLENGE], iterations=10_000, seed=1)
    assert [round(x, 1) for x in (with_risk.finish.p50, with_risk.finish.p80, with_risk.finish.p90)] == [
        34.3,
        39.9,
        43.6,
    ]
    assert round(with_risk.reserve_days, 1) == 8.9
    assert round(with_risk.reserve_cost, -2) == 22_000
    assert round(with_risk.risk_occurrence["challenge"], 2) == 0.2
    top = [(d.kind, d.key, round(d.correlation, 2)) for d in with_risk.drivers[:2]]
    assert top == [("task", "2", 0.95), ("risk", "challenge", 0.83)]
    assert np.isclose(sum(with_risk.histogram["counts"]), 10_000)
