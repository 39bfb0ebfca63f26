"""This app's rows of the authorisation table (gathered by ``civicadopt/tests/test_authorisation.py``)."""

from civicadopt.tests.authz import Row

ROWS: tuple[Row, ...] = ()
