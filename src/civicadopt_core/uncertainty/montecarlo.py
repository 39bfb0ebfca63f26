"""Monte Carlo simulation of each option's net present value from the uncertain lines of a business case.

In each of ``iterations`` iterations every uncertain line takes one amount from its range, and each
option's NPV is the sum over its lines of (+1 for a benefit, -1 for a cost) * amount * DF(year). The
amounts of one option form an (iterations x lines) matrix, so the NPVs are that matrix times the vector
of signed discount factors: one matrix product instead of a Python loop over iterations.

Correlation. Lines that share a non-empty ``group`` move together through a Gaussian copula with
coefficient rho = ``correlation[group]`` (0 when the group is not given): each line's normal score is
z = sqrt(rho) * z_group + sqrt(1 - rho) * z_own, its probability u = Phi(z) and its amount F^-1(u). The
group's shock is shared by every line in the group, in every option, so a group can also tie options
together (e.g. the same staff rates). rho is the correlation of the normal scores; the rank correlation
of the amounts is close to it, 6/pi * arcsin(rho/2) (Kruskal 1958, JASA 53), exactly 0 or 1 at the ends.

Reproducibility. Nothing here reads a global random number generator. Each uncertain line draws from its
own stream, ``numpy.random.default_rng(SeedSequence(seed, spawn_key=K))``, where K is taken from a SHA-256
digest of the line's option, kind, category, name, year and occurrence number (the n-th line with those
same five values in the input), and its own shock is the first ``iterations`` standard normals of that
stream. A group's shock likewise comes from a stream keyed by the group's name. Within an option the
lines are added in a canonical order (kind, category, name, year, occurrence). So, for the same seed and
the same NumPy version (NumPy does not promise identical streams across versions, hence the pin):

- the same inputs give bit-for-bit identical NPV arrays;
- reordering the lines or the options changes nothing, except between lines with identical option, kind,
  category, name and year, which are told apart by their order;
- changing one line's amount or range, or adding or removing a line, leaves every other line's draws as
  they were, so a comparison between runs shows the change in the inputs and not new random noise;
- with more iterations the first ones use the same draws: the sample is extended, not redrawn.

``METHOD_VERSION`` names this method; it changes whenever any of the above would give different numbers.
"""

import hashlib
import json
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from types import MappingProxyType

import numpy as np

from ..finance.flows import Distribution, Kind, Line, options_of
from ._special import FloatArray, ndtr
from .distributions import _lognormal_from_normal, _pert_from_normal, _triangular, lognormal_sigma

METHOD_VERSION = "mc-npv/2"
MAX_ITERATIONS = 1_000_000

# At most this many floats (32 MiB) in one block of the (iterations x lines) matrix, so a million
# iterations of hundreds of lines is computed a few columns at a time instead of in one huge matrix.
_BLOCK_FLOATS = 2**22


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """The simulated NPVs of each option, with how they were made.

    ``npv`` maps each option name (in the order the options first appear in the lines) to a read-only
    float64 array with one NPV per iteration. Iteration i of every option used the same draws of any
    shared group, so options can be compared iteration by iteration (common random numbers).
    Results compare by identity: two results are equal only if they are the same object.
    """

    iterations: int
    seed: int
    method_version: str
    npv: Mapping[str, FloatArray]

    @property
    def options(self) -> tuple[str, ...]:
        """Return the option names, in the order they first appear in the lines."""
        return tuple(self.npv)

    def mean(self, option: str) -> float:
        """Return the average NPV of ``option`` over the iterations (the expected NPV)."""
        return float(np.mean(self._values(option)))

    def percentile(self, option: str, q: float) -> float:
        """Return the ``q``-th percentile (0 to 100) of ``option``'s NPV; e.g. q = 10 gives P10.

        NumPy's 'linear' method (Hyndman and Fan 1996, type 7, also R's default and Excel's
        PERCENTILE.INC): with the n NPVs sorted as x[0] <= ... <= x[n-1] and h = (n - 1) * q / 100, the
        result is x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]). So P0 is the smallest
        NPV, P100 the largest and P50 the median.
        """
        if not 0.0 <= q <= 100.0:
            raise ValueError(f"a percentile must be between 0 and 100 (got {q})")
        return float(np.percentile(self._values(option), q, method="linear"))

    def prob_positive(self, option: str) -> float:
        """Return the share of iterations in which ``option``'s NPV is above zero (0.0 to 1.0)."""
        return np.count_nonzero(self._values(option) > 0.0) / self.iterations

    def prob_beats(self, a: str, b: str) -> float:
        """Return the share of iterations in which option ``a``'s NPV is above option ``b``'s."""
        return np.count_nonzero(self._values(a) > self._values(b)) / self.iterations

    def _values(self, option: str) -> FloatArray:
        try:
            return self.npv[option]
        except KeyError:
            known = ", ".join(repr(name) for name in self.npv) or "none"
            raise ValueError(f"no option named {option!r} in this simulation (options: {known})") from None


# A line's place in the canonical order within its option: kind, category, name, year, occurrence.
_Order = tuple[str, str, str, int, int]


@dataclass(frozen=True)
class _Draw:
    """One uncertain line, ready to sample."""

    order: _Order
    stream: tuple[int, ...]
    distribution: Distribution
    low: float
    mode: float
    high: float
    sigma: float  # lognormal only
    weight: float  # +/- DF(year)
    group: str
    rho: float


def simulate(
    lines: Sequence[Line],
    factors: Sequence[Decimal],
    *,
    iterations: int,
    seed: int,
    correlation: Mapping[str, float] | None = None,
) -> SimulationResult:
    """Return ``iterations`` simulated NPVs of every option in ``lines``, discounted by ``factors``.

    ``factors[t]`` is the discount factor of year t (from ``finance.discount_factors``) and must cover
    every line's year. A line without low/high, or with low == high, is a constant; any other line
    varies over its range with its ``distribution`` (``mode`` = ``amount``; for a lognormal, ``amount``
    is the median and low/high the P10/P90). ``correlation`` maps group names to a coefficient in
    [0, 1]; groups not named there have 0, and names no line uses are ignored. Raise ValueError on
    invalid input. With no uncertain line, every iteration equals ``finance.appraise``'s NPV.
    """
    iterations = _check_int("iterations", iterations)
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between 1 and {MAX_ITERATIONS:,} (got {iterations})")
    seed = _check_int("seed", seed)
    if seed < 0:
        raise ValueError(f"the seed must be 0 or more (got {seed})")
    rhos = _check_correlation(correlation or {})
    factors = tuple(factors)

    options = options_of(lines)
    constants, draws = _collect(lines, factors, rhos)
    shocks: dict[str, FloatArray] = {}
    npv: dict[str, FloatArray] = {}
    for option in options:
        total = np.full(iterations, float(constants[option]))
        ordered = sorted(draws[option], key=operator.attrgetter("order"))
        block = max(1, _BLOCK_FLOATS // iterations)
        for start in range(0, len(ordered), block):
            chunk = ordered[start : start + block]
            # Column-major, so that each line's column is one contiguous run of memory.
            amounts = np.empty((iterations, len(chunk)), order="F")
            for column, draw in enumerate(chunk):
                amounts[:, column] = _amounts(draw, seed, iterations, shocks)
            total += amounts @ np.array([draw.weight for draw in chunk])
        total.flags.writeable = False
        npv[option] = total
    return SimulationResult(
        iterations=iterations, seed=seed, method_version=METHOD_VERSION, npv=MappingProxyType(npv)
    )


def _collect(
    lines: Sequence[Line], factors: tuple[Decimal, ...], rhos: Mapping[str, float]
) -> tuple[dict[str, Decimal], dict[str, list[_Draw]]]:
    """Return each option's constant present value and its uncertain lines, ready to sample."""
    fixed: dict[str, list[tuple[_Order, Decimal]]] = {option: [] for option in options_of(lines)}
    draws: dict[str, list[_Draw]] = {option: [] for option in fixed}
    seen: dict[tuple[str, str, str, str, int], int] = {}
    with localcontext() as context:
        # The same working precision as the discount factors, whatever the caller's context is.
        context.prec = 34
        for line in lines:
            if line.year >= len(factors):
                raise ValueError(
                    f"{line.option} / {line.name}: no discount factor for year {line.year} "
                    f"(factors cover years 0..{len(factors) - 1})"
                )
            factor = factors[line.year] if line.kind == Kind.BENEFIT else -factors[line.year]
            kind, category = str(line.kind), str(line.category)
            identity = (line.option, kind, category, line.name, line.year)
            occurrence = seen.get(identity, 0)
            seen[identity] = occurrence + 1
            order: _Order = (kind, category, line.name, line.year, occurrence)
            if line.uncertain and line.low is not None and line.high is not None:
                low, high = float(line.low), float(line.high)
                draws[line.option].append(_prepare(line, low, high, order, float(factor), rhos))
            else:
                fixed[line.option].append((order, line.amount * factor))
        # Summed in the canonical order, so that reordering the lines cannot change a rounding.
        constants = {
            option: sum((value for _, value in sorted(terms)), Decimal(0)) for option, terms in fixed.items()
        }
    return constants, draws


def _prepare(
    line: Line, low: float, high: float, order: _Order, weight: float, rhos: Mapping[str, float]
) -> _Draw:
    mode = float(line.amount)
    sigma = 0.0
    if line.distribution == Distribution.LOGNORMAL:
        if low <= 0:
            raise ValueError(f"{line.option} / {line.name}: a lognormal range needs low > 0 (got {line.low})")
        sigma = lognormal_sigma(mode, low, high)
    return _Draw(
        order=order,
        stream=stream_key("line", line.option, *order),
        distribution=line.distribution,
        low=low,
        mode=mode,
        high=high,
        sigma=sigma,
        weight=weight,
        group=line.group,
        rho=rhos.get(line.group, 0.0) if line.group else 0.0,
    )


def _amounts(draw: _Draw, seed: int, iterations: int, shocks: dict[str, FloatArray]) -> FloatArray:
    """Return the line's amount in each iteration; a group's shock is drawn once and kept in ``shocks``."""
    z = _normals(seed, draw.stream, iterations)
    if draw.rho > 0.0:
        shock = shocks.get(draw.group)
        if shock is None:
            shock = shocks[draw.group] = _normals(seed, stream_key("group", draw.group), iterations)
        # With rho = 1 this is exactly the group's shock (0.0 * z adds nothing), so the lines move as one.
        z = math.sqrt(draw.rho) * shock + math.sqrt(1.0 - draw.rho) * z
    if draw.distribution == Distribution.LOGNORMAL:
        # median * exp(sigma * z) is F^-1(Phi(z)) exactly, without the round trip through u.
        return _lognormal_from_normal(z, draw.mode, draw.sigma)
    if draw.distribution == Distribution.PERT:
        # Interpolated in the normal score itself (see ``_pert_from_normal``): no round trip through u.
        return _pert_from_normal(z, draw.low, draw.mode, draw.high)
    return _triangular(ndtr(z), draw.low, draw.mode, draw.high)


def _normals(seed: int, key: tuple[int, ...], iterations: int) -> FloatArray:
    generator = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
    return generator.standard_normal(iterations)


def stream_key(*parts: str | int) -> tuple[int, ...]:
    """Return a stream's spawn key: four 32-bit words of the SHA-256 digest of its JSON-encoded parts."""
    digest = hashlib.sha256(json.dumps(parts).encode()).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


def _check_int(name: str, value: object) -> int:
    # bool is an int in Python, but True iterations or seed is a mistake, not a number.
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number (got {value!r})")
    return int(value)


def _check_correlation(correlation: Mapping[str, float]) -> dict[str, float]:
    rhos: dict[str, float] = {}
    for group, value in correlation.items():
        rho = float(value)
        if not 0.0 <= rho <= 1.0:  # NaN fails too
            raise ValueError(f"the correlation of group {group!r} must be between 0 and 1 (got {value})")
        rhos[group] = rho
    return rhos
