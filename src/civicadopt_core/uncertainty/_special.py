"""Typed access to the four SciPy special functions the simulation uses.

SciPy ships without type information (the ``scipy-stubs`` package is separate), so the untyped import is
kept to this one module and every result is returned as a float64 array.
"""

import numpy as np
from numpy.typing import NDArray
from scipy import special  # type: ignore[import-untyped,unused-ignore]

FloatArray = NDArray[np.float64]


def ndtr(x: FloatArray) -> FloatArray:
    """Return the standard normal cumulative distribution Phi(x), element by element."""
    return np.asarray(special.ndtr(x), dtype=np.float64)


def ndtri(u: FloatArray) -> FloatArray:
    """Return the standard normal quantile Phi^-1(u) (-inf at 0, +inf at 1), element by element."""
    return np.asarray(special.ndtri(u), dtype=np.float64)


def betaincinv(alpha: float, beta: float, u: FloatArray) -> FloatArray:
    """Return x with I_x(alpha, beta) = u: the quantile of the standard Beta(alpha, beta) on [0, 1]."""
    return np.asarray(special.betaincinv(alpha, beta, u), dtype=np.float64)


def betainc(alpha: float, beta: float, x: FloatArray) -> FloatArray:
    """Return the regularised incomplete beta function I_x(alpha, beta): the Beta(alpha, beta) CDF at x."""
    return np.asarray(special.betainc(alpha, beta, x), dtype=np.float64)
