"""Time the vectorised Monte Carlo NPV against a plain Python loop over iterations.

Run with ``.venv/bin/python bench/monte_carlo.py``. It builds 200 uncertain triangular lines over three
options and years 0..10, then times (best of 3, ``time.perf_counter``):

- ``civicadopt_core.uncertainty.simulate`` with 10,000 iterations;
- a per-iteration loop with ``random.Random(seed).triangular``, computing the same NPVs, for 500
  iterations, scaled to 10,000 (a loop's time grows linearly with the iterations);
- a per-iteration loop doing the same work as ``simulate`` (normal scores, correlation groups, Phi and the
  triangular inverse CDF), also for 500 iterations, scaled;

and prints them per 10,000 iterations with the speed-ups. It also times the PERT and lognormal versions
of the same lines, the PERT also with the exact ``betaincinv`` for every draw (the method before
``mc-npv/2``), and checks that the loop and the simulation agree on the mean NPVs.
"""

import math
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any
from unittest import mock

from civicadopt_core.finance import Distribution, Kind, Line, discount_factors, flat_schedule
from civicadopt_core.uncertainty import montecarlo, simulate
from civicadopt_core.uncertainty._special import FloatArray, ndtr
from civicadopt_core.uncertainty.distributions import _pert_exact

LINES = 200
OPTIONS = ("cloud", "on-premises", "shared-service")
HORIZON = 10
ITERATIONS = 10_000
LOOP_ITERATIONS = 500
REPEATS = 3
SEED = 20260501


def build_lines(distribution: Distribution) -> list[Line]:
    """Return 200 uncertain lines spread over three options; the same lines for every distribution."""
    # Only makes test data; not used for anything secret.
    maker = random.Random(1)  # noqa: S311
    lines = []
    for index in range(LINES):
        amount = maker.randint(10, 1000) * 1000
        low, high = amount * maker.randint(60, 95) // 100, amount * maker.randint(105, 200) // 100
        lines.append(
            Line(
                option=OPTIONS[index % len(OPTIONS)],
                kind=Kind.COST if index % 3 else Kind.BENEFIT,
                category="other_cost" if index % 3 else "other_benefit",
                name=f"line {index}",
                year=index % (HORIZON + 1),
                amount=Decimal(amount),
                low=Decimal(low),
                high=Decimal(high),
                distribution=distribution,
                group=("prices", "adoption", "")[index % 3],
            )
        )
    return lines


def loop_npvs(
    lines: list[Line], factors: tuple[Decimal, ...], iterations: int, seed: int
) -> dict[str, list[float]]:
    """Return each option's NPV per iteration from a plain loop: one triangular draw per line and iteration."""
    rng = random.Random(seed)  # noqa: S311
    prepared = [
        (
            line.option,
            (1.0 if line.kind == Kind.BENEFIT else -1.0) * float(factors[line.year]),
            float(line.low or 0),
            float(line.high or 0),
            float(line.amount),
        )
        for line in lines
    ]
    npvs: dict[str, list[float]] = {option: [] for option in OPTIONS}
    for _ in range(iterations):
        totals = dict.fromkeys(OPTIONS, 0.0)
        for option, weight, low, high, mode in prepared:
            totals[option] += weight * rng.triangular(low, high, mode)
        for option, total in totals.items():
            npvs[option].append(total)
    return npvs


def loop_copula_npvs(
    lines: list[Line], factors: tuple[Decimal, ...], iterations: int, seed: int, correlation: dict[str, float]
) -> dict[str, list[float]]:
    """Return each option's NPV per iteration from a loop doing what ``simulate`` does, one draw at a time.

    Normal scores with the group shocks mixed in, u = Phi(z) and the triangular inverse CDF: the fair
    comparison for the vectorised code, which does this work, unlike ``random.triangular``.
    """
    rng = random.Random(seed)  # noqa: S311
    prepared = []
    for line in lines:
        rho = correlation.get(line.group, 0.0) if line.group else 0.0
        low, mode, high = float(line.low or 0), float(line.amount), float(line.high or 0)
        weight = (1.0 if line.kind == Kind.BENEFIT else -1.0) * float(factors[line.year])
        prepared.append(
            (line.option, weight, low, mode, high, line.group, math.sqrt(rho), math.sqrt(1 - rho))
        )
    groups = sorted({line.group for line in lines if correlation.get(line.group, 0.0) > 0})
    npvs: dict[str, list[float]] = {option: [] for option in OPTIONS}
    for _ in range(iterations):
        shocks = {group: rng.gauss(0.0, 1.0) for group in groups}
        totals = dict.fromkeys(OPTIONS, 0.0)
        for option, weight, low, mode, high, group, shared, own in prepared:
            z = rng.gauss(0.0, 1.0)
            if shared:
                z = shared * shocks[group] + own * z
            u = 0.5 * math.erfc(-z / math.sqrt(2.0))
            width = high - low
            if u < (mode - low) / width:
                amount = low + math.sqrt(u * width * (mode - low))
            else:
                amount = high - math.sqrt((1.0 - u) * width * (high - mode))
            totals[option] += weight * amount
        for option, total in totals.items():
            npvs[option].append(total)
    return npvs


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """Return the shortest of ``repeats`` timed runs and the last run's result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    factors = discount_factors(flat_schedule(Decimal("0.035")), HORIZON)
    correlation = {"prices": 0.6, "adoption": 0.3}
    lines = build_lines(Distribution.TRIANGULAR)

    run = partial(simulate, factors=factors, iterations=ITERATIONS, seed=SEED, correlation=correlation)
    vectorised, result = best_of(REPEATS, partial(run, lines))
    loop_time, loop = best_of(REPEATS, partial(loop_npvs, lines, factors, LOOP_ITERATIONS, SEED))
    loop_per_10k = loop_time * ITERATIONS / LOOP_ITERATIONS
    print(
        f"vectorised: {vectorised:.3f} s per {ITERATIONS:,} iterations x {LINES} lines; "
        f"loop: {loop_per_10k:.2f} s (measured {loop_time:.3f} s for {LOOP_ITERATIONS}); "
        f"speed-up: {loop_per_10k / vectorised:.0f}x"
    )
    copula_time, _ = best_of(
        REPEATS, partial(loop_copula_npvs, lines, factors, LOOP_ITERATIONS, SEED, correlation)
    )
    copula_per_10k = copula_time * ITERATIONS / LOOP_ITERATIONS
    print(
        f"loop doing the same copula method: {copula_per_10k:.2f} s per {ITERATIONS:,} iterations; "
        f"speed-up: {copula_per_10k / vectorised:.0f}x"
    )

    for distribution in (Distribution.PERT, Distribution.LOGNORMAL):
        seconds, _ = best_of(REPEATS, partial(run, build_lines(distribution)))
        print(
            f"vectorised {distribution.value}: {seconds:.3f} s per {ITERATIONS:,} iterations x {LINES} lines"
        )

    def exact_pert(z: FloatArray, low: float, mode: float, high: float) -> FloatArray:
        return _pert_exact(ndtr(z), low, mode, high)

    pert_lines = build_lines(Distribution.PERT)
    with mock.patch.object(montecarlo, "_pert_from_normal", exact_pert):
        seconds, exact = best_of(REPEATS, partial(run, pert_lines))
    interpolated = run(pert_lines)
    gap = max(float(abs(interpolated.npv[option] - exact.npv[option]).max()) for option in OPTIONS)
    print(
        f"vectorised pert, exact betaincinv per draw: {seconds:.3f} s per {ITERATIONS:,} iterations x "
        f"{LINES} lines; largest NPV difference from the interpolated pert: {gap:.2e}"
    )

    # Correlation does not move a mean, so the loop (uncorrelated) and the simulation must agree on it.
    for option in OPTIONS:
        spread = statistics.stdev(loop[option]) / LOOP_ITERATIONS**0.5
        gap = abs(result.mean(option) - statistics.fmean(loop[option]))
        verdict = "agree" if gap < 4 * spread else "DIFFER"
        print(
            f"mean NPV {option}: simulate {result.mean(option):,.0f}, loop {statistics.fmean(loop[option]):,.0f} ({verdict})"
        )


if __name__ == "__main__":
    main()
