"""Funding pages: the catalogue of programmes (with import and export), the organisation's funding
profile, each initiative's applications and funding sources, and the deadlines (page and calendar)."""
