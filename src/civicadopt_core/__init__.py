"""Civic Adopt's pure computational core.

Nothing in this package touches Django, a database, the network, the clock or a global random number
generator: every input arrives as an argument, so every figure a council sees can be recomputed from
its inputs alone. The boundary is enforced by an import-linter contract (see ``pyproject.toml``).
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
