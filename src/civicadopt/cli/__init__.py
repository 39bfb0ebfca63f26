"""The ``civicadopt`` command line (see ``main`` for the exit-code convention)."""

from .main import build_parser, main
from .serve import waitress_proxy_options

__all__ = ["build_parser", "main", "waitress_proxy_options"]
