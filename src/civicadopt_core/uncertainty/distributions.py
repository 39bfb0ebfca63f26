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
from ._special import FloatArray, betaincinv, ndtri

# Phi^-1(0.9): the standard normal's 90th percentile, so P10 and P90 are median * exp(-/+ Z90 * sigma).
Z90 = 1.2815515655446004

# Beta-PERT shape: the weight of the mode in the mean (a + lambda * m + b) / (lambda + 2).
PERT_LAMBDA = 4.0

# Below this u the PERT quantile is computed from its small-x expansion instead (see ``_pert``).
_PERT_TINY_U = 1e-100


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
    PERT puts more weight near the mode than the triangular, and less in the tails.
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
    if a == b:
        return np.full(u.shape, a)
    width = b - a
    alpha = 1.0 + PERT_LAMBDA * (m - a) / width
    beta = 1.0 + PERT_LAMBDA * (b - m) / width
    x = betaincinv(alpha, beta, u)
    # SciPy 1.17's betaincinv gives NaN for u below about 1e-107, and can underflow to 0 well above that
    # (seen at u = 1e-85 with alpha near 1), which would break the ordering of the quantiles.
    tiny = (u < _PERT_TINY_U) | ((u > 0) & ~(x > 0))
    if bool(tiny.any()):
        # There the leading term of
        # I_x(alpha, beta) = x^alpha / (alpha B(alpha, beta)) + O(x^(alpha + 1)) is exact to float precision.
        log_beta = math.lgamma(alpha) + math.lgamma(beta) - math.lgamma(alpha + beta)
        x = np.where(tiny, (u * (alpha * math.exp(log_beta))) ** (1.0 / alpha), x)
    return np.clip(a + width * x, a, b)


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
