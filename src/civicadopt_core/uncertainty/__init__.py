"""Uncertainty in a business case: seeded, vectorised Monte Carlo simulation of each option's NPV.

Pure functions on numpy arrays: no global random number generator, no clock, no I/O. The method, its
formulas and its sources are explained in ``docs/methods/uncertainty.md``.
"""

from .distributions import Z90, lognormal_ppf, lognormal_sigma, pert_ppf, quantile, triangular_ppf
from .montecarlo import MAX_ITERATIONS, METHOD_VERSION, SimulationResult, simulate

__all__ = [
    "MAX_ITERATIONS",
    "METHOD_VERSION",
    "Z90",
    "SimulationResult",
    "lognormal_ppf",
    "lognormal_sigma",
    "pert_ppf",
    "quantile",
    "simulate",
    "triangular_ppf",
]
