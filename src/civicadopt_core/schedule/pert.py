"""Fast PERT draws by the inverse transform from a tabulated quantile function.

A PERT(a, m, b) is a + (b - a) * Beta(alpha, beta) with alpha = 1 + 4r and beta = 5 - 4r, where
r = (m - a) / (b - a) says where the most likely value sits in the range: the shape depends on r alone.
The Beta quantiles are computed once per process (scipy's ``betaincinv``) for 129 values of r and 2,049
probabilities; a task's row is blended linearly between the two nearest r, and each draw interpolates
linearly in the probability. Largest difference from the exact quantile: about 2e-4 of the range (in
the outer 0.1% tails; far less in between), checked in the tests. A draw costs about 15 ns against
60-75 ns for numpy's ``Generator.beta`` (two gamma variates), which was most of a schedule simulation's
time. Only half the table is computed: Q(u; alpha, beta) = 1 - Q(1 - u; beta, alpha).
"""

import functools

import numpy as np
from numpy.typing import NDArray

SHAPES = 129
POINTS = 2049
FloatArray = NDArray[np.float64]


@functools.cache
def _table() -> FloatArray:
    from scipy.special import betaincinv  # type: ignore[import-untyped]

    half = SHAPES // 2 + 1
    r = np.linspace(0.0, 1.0, SHAPES)[:half]
    u = np.linspace(0.0, 1.0, POINTS)
    lower = np.asarray(betaincinv((1 + 4 * r)[:, None], (5 - 4 * r)[:, None], u[None, :]), dtype=np.float64)
    upper = 1.0 - lower[SHAPES - half - 1 :: -1, ::-1]  # the mirror images, r from just above 0.5 to 1
    table = np.vstack([lower, upper])
    table[:, 0], table[:, -1] = 0.0, 1.0
    return np.ascontiguousarray(np.hstack([table, table[:, -1:]]))  # one extra point: u = 1 stays in range


def pert_row(low: float, mode: float, high: float) -> FloatArray:
    """The standard (0-1) quantile row of this estimate's shape, for ``pert_draw``."""
    r = 0.5 if high <= low else min(max((mode - low) / (high - low), 0.0), 1.0)
    position = r * (SHAPES - 1)
    below = min(int(position), SHAPES - 2)
    weight = position - below
    table = _table()
    return np.asarray(table[below] * (1.0 - weight) + table[below + 1] * weight, dtype=np.float64)


def pert_draw(u: FloatArray, row: FloatArray, low: float, high: float) -> FloatArray:
    """PERT values at probabilities ``u`` (0 <= u <= 1) from a row made by ``pert_row``."""
    t = u * (POINTS - 1)
    k = t.astype(np.intp)
    q = row[k]
    q += (row[k + 1] - q) * (t - k)
    q *= high - low
    q += low
    return q
