"""Hypothesis settings for every property test (the core's and the apps').

No deadline: this machine is shared and noisy, and speed is measured by the benchmarks in bench/, never by
timing tests. In CI (CI=true) the examples are derandomised, so a run cannot fail on a case it happened to
draw that day; locally they stay random, to keep finding new cases (add any found with @example).
"""

import os

from hypothesis import settings

settings.register_profile("civicadopt", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "civicadopt")
