"""Hypothesis settings for the core's property tests.

No deadline: this machine is shared and noisy, and speed is measured by the benchmarks in bench/, never
by timing tests.
"""

from hypothesis import settings

settings.register_profile("civicadopt", deadline=None, print_blob=True)
settings.load_profile("civicadopt")
