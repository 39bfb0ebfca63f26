"""Civic Adopt: the Django project (persistence, permissions, web UI, API, CLI and reports)."""

__version__ = "0.1.0"
