"""Expected refusals (403, 404) are logged in one line each, without a traceback; a 500 keeps its own."""

import logging
import sys

from django.test import Client

import pytest

from civicadopt.conftest import Tenant
from civicadopt.errors import ExpectedErrorsInOneLine

pytestmark = pytest.mark.django_db


def request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


def test_a_404_is_one_line_naming_the_path(client: Client, tenant_a: Tenant, caplog) -> None:
    client.force_login(tenant_a.users["viewer"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/o/riverton/initiatives/999999/")
    assert response.status_code == 404
    [record] = request_records(caplog)
    assert record.getMessage() == "Not Found: /o/riverton/initiatives/999999/"
    assert record.exc_info is None
    assert "Traceback" not in logging.Formatter().format(record)


def test_a_403_is_one_line_naming_the_path(client: Client, tenant_a: Tenant, caplog) -> None:
    client.force_login(tenant_a.users["viewer"])
    path = f"/o/riverton/initiatives/{tenant_a.initiative.pk}/stage/"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(path)
    assert response.status_code == 403
    [record] = request_records(caplog)
    assert record.getMessage() == f"Forbidden (Permission denied): {path}"
    assert "\n" not in logging.Formatter().format(record)


def test_a_server_error_keeps_its_traceback() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /x", (), exc_info
    )
    record.status_code = 500
    assert ExpectedErrorsInOneLine().filter(record) is True
    assert record.exc_info is exc_info
    assert "Traceback" in logging.Formatter().format(record)
