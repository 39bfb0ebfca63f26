"""Quantile functions (inverse cumulative distributions) of the three ranges an estimate can be given as.

Each function turns an array of probabilities ``u`` (uniform on 0..1) into amounts with the chosen
distribution: amount = F^-1(u). Sampling by inversion is what lets the simulation correlate lines through
a Gaussian copula (see ``montecarlo``), and it makes every draw a monotone function of its ``u``.

Every function is vectorised over ``u`` and takes the estimate as three numbers:

- triangular(low, mode, high): Vose (2008), *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley,
  compendium of distributions (Triangular); Kotz and van Dorp (2004), *Beyond Beta*, ch. 1.
- PERT(low, mode, high): the Beta-PERT with the standard shape lambda = 4 (Malcolm, Roseboom, Clark and
  Fazar 1959, *Operations Research* 7(5); Vose 2008, compendium (PERT); PMI, *PMBOK Guide*, 6th ed.,
  three-point estimating, for the mean (a + 4m + b) / 6).
- lognormal(median, low, high) with ``low`` and ``high`` read as the 10th and 90th percentiles.

A range with ``low == high`` is a constant: every ``u`` gives that amount.
"""

import math

import numpy as np
from numpy.typing import ArrayLike

from ..finance.flows import Distribution
from ._special import FloatArray, betainc, betaincinv, ndtr, ndtri

# Phi^-1(0.9): the standard normal's 90th percentile, so P10 and P90 are median * exp(-/+ Z90 * sigma).
Z90 = 1.2815515655446004

# Beta-PERT shape: the weight of the mode in the mean (a + lambda * m + b) / (lambda + 2).
PERT_LAMBDA = 4.0

# Below this u the PERT quantile is computed from its small-x expansion instead (see ``_beta_quantile``).
_PERT_TINY_U = 1e-100

# The PERT quantile is interpolated in the normal score z = Phi^-1(u) between exact values on this grid
# (see ``_pert_from_normal``); draws with |z| above _PERT_GRID_Z (u below 1e-17) are computed exactly.
_PERT_GRID_Z = 8.5
_PERT_GRID_POINTS = 1025
# Every this many grid points is computed by betaincinv, the others by a Halley step from there.
_PERT_GRID_COARSE = 8


def triangular_ppf(u: ArrayLike, low: float, mode: float, high: float) -> FloatArray:
    """Return the triangular(low, mode, high) quantiles of ``u``.

    With a = low, c = mode, b = high and F(c) = (c - a) / (b - a):

        F^-1(u) = a + sqrt(u (b - a)(c - a))          for u < F(c)
        F^-1(u) = b - sqrt((1 - u)(b - a)(b - c))     otherwise

    so F^-1(0) = a and F^-1(1) = b. The mean is (a + c + b) / 3 (Vose 2008).
    """
    a, c, b = _check_range(low, mode, high)
    return _triangular(_check_u(u), a, c, b)


def pert_ppf(u: ArrayLike, low: float, mode: float, high: float) -> FloatArray:
    """Return the PERT(low, mode, high) quantiles of ``u`` (Beta-PERT, lambda = 4).

    The PERT is a Beta distribution stretched onto [a, b] with shape parameters

        alpha = 1 + 4 (m - a) / (b - a),   beta = 1 + 4 (b - m) / (b - a),

    so F^-1(u) = a + (b - a) * I^-1(u; alpha, beta), where I^-1 is the inverse of the regularised
    incomplete beta function (``scipy.special.betaincinv``). The mean is (a + 4m + b) / 6 (PMBOK): the
    PERT puts more weight near the mode than the triangular, and less in the tails. I^-1 is interpolated
    in Phi^-1(u) between exact values, to within about 2e-11 of (b - a) (see ``_pert_from_normal``).
    """
    a, m, b = _check_range(low, mode, high)
    return _pert(_check_u(u), a, m, b)


def lognormal_sigma(median: float, low: float, high: float) -> float:
    """Return the log-scale spread sigma of a lognormal with this median and P10..P90 range.

    The rule takes the wider side of the range, measured as a ratio to the median:

        sigma = max(ln(high / median), ln(median / low)) / Z90,   Z90 = Phi^-1(0.9) = 1.28155...

    When the range is symmetric in ratio terms (median = sqrt(low * high)) this is the textbook fit
    sigma = (ln high - ln low) / (2 * Z90) and both P10 = low and P90 = high hold exactly. Otherwise the
    wider side's percentile holds exactly and the narrower side comes out further from the median than
    stated: a range is never made narrower than the estimator gave on either side.
    """
    lo, m, hi = _check_range(low, median, high)
    if lo <= 0:
        raise ValueError(f"a lognormal range needs low > 0 (got low = {low})")
    return max(math.log(hi / m), math.log(m / lo)) / Z90


def lognormal_ppf(u: ArrayLike, median: float, low: float, high: float) -> FloatArray:
    """Return the quantiles of ``u`` of the lognormal with this median and P10..P90 range.

    F^-1(u) = median * exp(sigma * Phi^-1(u)), with sigma from ``lognormal_sigma``; so F^-1(0.5) is the
    median, F^-1(0) = 0 and F^-1(1) = +inf (a lognormal has no upper bound). ``low`` must be above 0.
    """
    sigma = lognormal_sigma(median, low, high)
    return _lognormal_from_normal(ndtri(_check_u(u)), float(median), sigma)


def quantile(distribution: Distribution, u: ArrayLike, low: float, mode: float, high: float) -> FloatArray:
    """Return the quantiles of ``u`` under ``distribution``; ``mode`` is the median for a lognormal."""
    if distribution == Distribution.TRIANGULAR:
        return triangular_ppf(u, low, mode, high)
    if distribution == Distribution.PERT:
        return pert_ppf(u, low, mode, high)
    if distribution == Distribution.LOGNORMAL:
        return lognormal_ppf(u, mode, low, high)
    raise ValueError(f"unknown distribution: {distribution!r}")


def _triangular(u: FloatArray, a: float, c: float, b: float) -> FloatArray:
    if a == b:
        return np.full(u.shape, a)
    width = b - a
    # Each branch is on its own side of the mode in exact arithmetic; bounding it there keeps the quantiles
    # ordered where b - sqrt(...) cancels to nothing (a mode a hair above low on a wide range).
    left = np.minimum(a + np.sqrt(u * (width * (c - a))), c)
    right = np.maximum(b - np.sqrt((1.0 - u) * (width * (b - c))), c)
    # Clipping only removes rounding: each branch is within [a, b] in exact arithmetic.
    return np.clip(np.where(u < (c - a) / width, left, right), a, b)


def _pert(u: FloatArray, a: float, m: float, b: float) -> FloatArray:
    return _pert_from_normal(ndtri(u), a, m, b)


def _pert_from_normal(z: FloatArray, a: float, m: float, b: float) -> FloatArray:
    """Return the PERT(a, m, b) quantiles of Phi(z), interpolated in the normal score z.

    x(z) = I^-1(Phi(z); alpha, beta) is smooth in z, so it is computed to rounding (``_pert_grid``) at
    1025 evenly spaced z in [-8.5, 8.5] (u from 1e-17 to 1 - 1e-17) and joined by cubic Hermite pieces
    whose slopes are the exact derivative dx/dz = phi(z) / f(x), f the Beta density. The slopes are
    limited as Fritsch and Carlson (1980, SIAM J. Numer. Anal. 17(2)) require for a monotone curve, and
    each piece is written as a sum of rising terms with non-negative weights and kept between its end
    values, so the quantiles rise with z. Draws beyond the grid use ``betaincinv`` directly. The result
    is within about 2e-11 * (b - a) of the exact quantile (``tests/core/test_uncertainty_distributions``
    checks 1e-9), and the grid costs about a millisecond per line, whatever the number of draws.
    """
    if a == b:
        return np.full(z.shape, a)
    width = b - a
    alpha = 1.0 + PERT_LAMBDA * (m - a) / width
    beta = 1.0 + PERT_LAMBDA * (b - m) / width
    grid = np.linspace(-_PERT_GRID_Z, _PERT_GRID_Z, _PERT_GRID_POINTS)
    x = _pert_grid(grid, alpha, beta)
    result = _hermite(z, grid, x, _pert_pieces(grid, x, alpha, beta))
    outside = np.abs(z) > _PERT_GRID_Z
    if bool(outside.any()):
        zo = z[outside]
        low_tail = zo < 0
        # The upper tail through the mirror image: 1 - x is the quantile of Beta(beta, alpha) at 1 - u.
        mirrored = np.where(
            low_tail,
            _beta_quantile(ndtr(zo), alpha, beta),
            1.0 - _beta_quantile(ndtr(-zo), beta, alpha),
        )
        # Bounded by the grid's end values so that the tails continue the ordering of the interpolation.
        result[outside] = np.where(low_tail, np.minimum(mirrored, x[0]), np.maximum(mirrored, x[-1]))
    return np.clip(a + width * result, a, b)


def _pert_grid(grid: FloatArray, alpha: float, beta: float) -> FloatArray:
    """Return the standard Beta(alpha, beta) quantiles of Phi(z) at the grid's normal scores z.

    ``betaincinv`` costs about 3 microseconds a value, ``betainc`` a tenth of that; so it gives every
    ``_PERT_GRID_COARSE``-th value, the Hermite curve through those a first guess of the others (within
    about 1e-7) and one Halley step on I_x(alpha, beta) = u makes them exact to rounding.
    """
    # The grid is symmetric about its middle point z = 0. The upper half is 1 minus the quantile of
    # Beta(beta, alpha) at 1 - u = Phi(-z), as u itself would round to 1 there: so each half is the lower
    # tail of its Beta, from u = 1e-17 up to u = 1/2.
    middle = grid.size // 2
    half = grid[: middle + 1]
    lower = _beta_lower_half(half, alpha, beta)
    upper = 1.0 - _beta_lower_half(half, beta, alpha)
    x = np.concatenate((lower, upper[-2::-1]))
    # Rounding could in principle leave neighbours out of order; the running maximum removes that.
    return np.maximum.accumulate(np.clip(x, 0.0, 1.0))


def _beta_lower_half(z: FloatArray, alpha: float, beta: float) -> FloatArray:
    """Return the Beta(alpha, beta) quantiles of Phi(z) at evenly spaced, rising z <= 0."""
    u = ndtr(z)
    coarse = slice(None, None, _PERT_GRID_COARSE)
    exact = _beta_quantile(u[coarse], alpha, beta)
    if exact.size < 2:
        return _beta_quantile(u, alpha, beta)
    x = _hermite(z, z[coarse], exact, _pert_pieces(z[coarse], exact, alpha, beta))
    log_beta = math.lgamma(alpha) + math.lgamma(beta) - math.lgamma(alpha + beta)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # One Halley step on g(x) = I_x(alpha, beta) - u: g' is the Beta density f, and g'' / g' = f' / f
        # = (alpha - 1) / x - (beta - 1) / (1 - x). It cubes the guess's relative error.
        density = np.exp((alpha - 1.0) * np.log(x) + (beta - 1.0) * np.log1p(-x) - log_beta)
        newton = (betainc(alpha, beta, x) - u) / density
        step = newton / (1.0 - 0.5 * newton * ((alpha - 1.0) / x - (beta - 1.0) / (1.0 - x)))
    # A step that is not finite (at x = 0 or 1) is not taken.
    x = np.minimum(np.maximum(x - np.where(np.isfinite(step), step, 0.0), 0.0), 1.0)
    x[coarse] = exact
    return x


def _hermite(
    z: FloatArray, grid: FloatArray, x: FloatArray, pieces: tuple[FloatArray, FloatArray, FloatArray]
) -> FloatArray:
    """Return the monotone cubic Hermite curve through (grid, x) at ``z``, held at its ends beyond them."""
    c1, c2, c3 = pieces
    first, step = float(grid[0]), float(grid[-1] - grid[0]) / (grid.size - 1)
    # Position on the grid in steps, held within it: the interval is its whole part, t the fraction.
    t = np.minimum(np.maximum(z, first), float(grid[-1]))
    t -= first
    t /= step
    index = np.minimum(t.astype(np.intp), grid.size - 2)
    t -= index
    np.minimum(np.maximum(t, 0.0, out=t), 1.0, out=t)
    # Bernstein form: B1 = 1 - (1 - t)^3, B2 = t^2 (3 - 2t) and B3 = t^3 all rise from 0 to 1.
    s = 1.0 - t
    b1 = s * s
    b1 *= s
    np.subtract(1.0, b1, out=b1)
    b1 *= c1[index]
    tt = t * t
    b2 = 3.0 - 2.0 * t
    b2 *= tt
    b2 *= c2[index]
    tt *= t
    tt *= c3[index]
    b1 += b2
    b1 += tt
    start = x[index]
    value = b1
    value += start
    # Within the piece's end values, so that rounding cannot put a draw past its neighbouring interval.
    result: FloatArray = np.minimum(np.maximum(value, start, out=value), x[index + 1], out=value)
    return result


def _pert_pieces(
    grid: FloatArray, x: FloatArray, alpha: float, beta: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return the non-negative weights of B1, B2 and B3 in each grid interval's cubic Hermite piece.

    With rise = x[k + 1] - x[k], step h and end slopes d0, d1, the piece is
    x[k] + (h d0 / 3) B1 + (rise - h (d0 + d1) / 3) B2 + (h d1 / 3) B3.
    """
    step = (grid[-1] - grid[0]) / (grid.size - 1)
    rise = np.diff(x)
    log_beta = math.lgamma(alpha) + math.lgamma(beta) - math.lgamma(alpha + beta)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # dx/dz = phi(z) / f(x), f(x) = x^(alpha - 1) (1 - x)^(beta - 1) / B(alpha, beta); times h / 3.
        log_slope = (
            (math.log(step / 3.0) - 0.5 * math.log(2.0 * math.pi) + log_beta)
            - 0.5 * grid * grid
            - (alpha - 1.0) * np.log(x)
            - (beta - 1.0) * np.log1p(-x)
        )
        third = np.exp(log_slope)
    # Fritsch-Carlson: each end slope at most 3 times the secant of either interval it touches, so h d / 3
    # at most that interval's rise. fmin and fmax also turn a NaN (0 * log 0 at x = 0) into 0.
    bound = np.minimum(np.concatenate((rise, rise[-1:])), np.concatenate((rise[:1], rise)))
    third = np.fmin(np.fmax(third, 0.0), bound)
    c1, c3 = third[:-1], third[1:]
    # Scaled so that c1 + c3 <= rise: the Bernstein control points then rise and so does the piece.
    total = c1 + c3
    scale = rise / np.maximum(np.maximum(total, rise), np.finfo(np.float64).smallest_subnormal)
    scale = np.minimum(scale, 1.0)
    c1, c3 = c1 * scale, c3 * scale
    return c1, np.maximum(rise - (c1 + c3), 0.0), c3


def _pert_exact(u: FloatArray, a: float, m: float, b: float) -> FloatArray:
    """Return the PERT quantiles of ``u`` from ``betaincinv`` draw by draw (the reference, and the benchmark's)."""
    if a == b:
        return np.full(u.shape, a)
    width = b - a
    alpha = 1.0 + PERT_LAMBDA * (m - a) / width
    beta = 1.0 + PERT_LAMBDA * (b - m) / width
    return np.clip(a + width * _beta_quantile(u, alpha, beta), a, b)


def _beta_quantile(u: FloatArray, alpha: float, beta: float) -> FloatArray:
    """Return the standard Beta(alpha, beta) quantiles of ``u``, safe in the far lower tail."""
    x = betaincinv(alpha, beta, u)
    # SciPy 1.17's betaincinv gives NaN for u below about 1e-107, and can underflow to 0 well above that
    # (seen at u = 1e-85 with alpha near 1), which would break the ordering of the quantiles.
    tiny = (u < _PERT_TINY_U) | ((u > 0) & ~(x > 0))
    if bool(tiny.any()):
        # There the leading term of
        # I_x(alpha, beta) = x^alpha / (alpha B(alpha, beta)) + O(x^(alpha + 1)) is exact to float precision.
        log_beta = math.lgamma(alpha) + math.lgamma(beta) - math.lgamma(alpha + beta)
        x = np.where(tiny, (u * (alpha * math.exp(log_beta))) ** (1.0 / alpha), x)
    return x


def _lognormal_from_normal(z: FloatArray, median: float, sigma: float) -> FloatArray:
    """Return median * exp(sigma * z): the lognormal quantile of Phi(z), computed from z directly."""
    if sigma == 0.0:
        # A zero spread would otherwise give 0 * inf = nan at z = -inf or +inf.
        return np.full(z.shape, median)
    return median * np.exp(sigma * z)


def _check_u(u: ArrayLike) -> FloatArray:
    values = np.asarray(u, dtype=np.float64)
    # NaN fails both comparisons, so it is refused too.
    if not bool(np.all((values >= 0.0) & (values <= 1.0))):
        raise ValueError("probabilities u must lie in [0, 1]")
    return values


def _check_range(low: float, mode: float, high: float) -> tuple[float, float, float]:
    a, m, b = float(low), float(mode), float(high)
    if not all(math.isfinite(x) for x in (a, m, b)):
        raise ValueError(f"low, mode and high must be finite numbers (got {low}, {mode}, {high})")
    if not a <= m <= b:
        raise ValueError(f"low <= mode <= high is required (got {low}, {mode}, {high})")
    return a, m, b
