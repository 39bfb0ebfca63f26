"""The one error shape, for every kind of exception the API can meet."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404

import pytest
from rest_framework import exceptions

from civicadopt.api.errors import exception_handler
from civicadopt.initiatives.services import VersionConflict


def handle(exc: Exception) -> tuple[int, dict]:
    response = exception_handler(exc, {})
    assert response is not None
    assert set(response.data) == {"error"}
    return response.status_code, response.data["error"]


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (Http404(), 404, "not_found"),
        (PermissionDenied(), 403, "permission_denied"),
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.AuthenticationFailed(), 401, "authentication_failed"),
        (exceptions.ParseError("JSON parse error - Expecting value"), 400, "parse_error"),
        (exceptions.Throttled(wait=5), 429, "throttled"),
        (exceptions.MethodNotAllowed("PATCH"), 405, "method_not_allowed"),
        (exceptions.UnsupportedMediaType("text/plain"), 415, "unsupported_media_type"),
    ],
)
def test_status_and_code(exc, status, code):
    got_status, error = handle(exc)
    assert (got_status, error["status"], error["code"]) == (status, status, code)
    assert error["fields"] == {}
    assert error["message"].endswith(".")


def test_parse_errors_do_not_echo_parser_internals():
    _, error = handle(exceptions.ParseError("JSON parse error - Expecting value: line 1 column 2"))
    assert "line 1" not in error["message"]


def test_django_validation_error_with_fields():
    exc = DjangoValidationError({"department": ["Wrong organisation."], "__all__": ["Whole thing wrong."]})
    status, error = handle(exc)
    assert status == 400
    assert error["fields"] == {
        "department": ["Wrong organisation."],
        "non_field_errors": ["Whole thing wrong."],
    }


def test_django_validation_error_without_fields():
    _, error = handle(DjangoValidationError("Wrong."))
    assert error["fields"] == {"non_field_errors": ["Wrong."]}


def test_nested_errors_use_dotted_names():
    exc = exceptions.ValidationError(
        {"tags": {1: ["Not a valid string."]}, "items": [{}, {"name": ["Bad."]}]}
    )
    _, error = handle(exc)
    assert error["fields"] == {"tags.1": ["Not a valid string."], "items.1.name": ["Bad."]}


def test_drf_non_field_list():
    _, error = handle(exceptions.ValidationError(["Nope."]))
    assert error["fields"] == {"non_field_errors": ["Nope."]}


def test_version_conflict_names_the_current_version():
    class Current:
        version = 4

        def __str__(self) -> str:
            return "An initiative"

    status, error = handle(VersionConflict(Current()))  # type: ignore[arg-type]
    assert status == 409
    assert error["code"] == "conflict"
    assert error["current_version"] == 4
    assert error["fields"] == {}


def test_unexpected_error_is_a_500_in_the_same_shape(settings, caplog):
    settings.DEBUG = False
    status, error = handle(RuntimeError("boom"))
    assert (status, error["code"]) == (500, "server_error")
    assert "boom" not in error["message"]
    assert "Unexpected error" in caplog.text


def test_unexpected_error_under_debug_is_left_to_django(settings):
    settings.DEBUG = True
    assert exception_handler(RuntimeError("boom"), {}) is None
