"""One JSON shape for every error the API answers, so a client needs one error path, not many.

    {"error": {"status": 409, "code": "conflict", "message": "A plain-language sentence.",
               "fields": {"title": ["Ensure this field has no more than 200 characters."]}}}

``fields`` is always present (``{}`` when no single field is at fault); errors about the request as a
whole are under ``fields["non_field_errors"]``; nested errors (one item of a list) use dotted names
such as ``tags.2``. A version conflict adds ``current_version``.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from civicadopt.concurrency import VersionConflict

logger = logging.getLogger("civicadopt.api")

Fields = dict[str, list[str]]


def _messages() -> dict[str, str]:
    # A function, not a constant, so each message is translated into the language of the request.
    return {
        "invalid": _("Some of the values sent are not valid. See the fields for details."),
        "parse_error": _("The request body could not be read. Send valid JSON."),
        "not_authenticated": _("Sign in, or send an API token as 'Authorization: Bearer <token>'."),
        "authentication_failed": _("The credentials sent are not valid."),
        "permission_denied": _("Your role does not allow this action."),
        "not_found": _("Nothing was found at this address, or you do not have access to it."),
        "method_not_allowed": _("This address does not accept this method."),
        "not_acceptable": _("This address cannot answer in the format asked for."),
        "unsupported_media_type": _("Send the request body as JSON."),
        "throttled": _("Too many requests. Wait a moment, then try again."),
        "conflict": _(
            "Someone else changed this record since you loaded it. Reload it and apply your change again."
        ),
        "server_error": _("Something went wrong on the server. The error was logged; try again later."),
    }


def error_body(
    *, status_code: int, code: str, message: str, fields: Fields | None = None, **extra: Any
) -> dict:
    """Return the JSON body of an error answer in the API's one error shape."""
    return {
        "error": {"status": status_code, "code": code, "message": message, "fields": fields or {}, **extra}
    }


def _flatten(detail: Any, prefix: str = "") -> Fields:
    """Return DRF error ``detail`` as ``{dotted.field: [messages]}``; a bare list is non-field errors."""
    if isinstance(detail, Mapping):
        fields: Fields = {}
        for key, value in detail.items():
            name = api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else str(key)
            for path, messages in _flatten(value, f"{prefix}.{name}" if prefix else name).items():
                fields.setdefault(path, []).extend(messages)
        return fields
    key = prefix or api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, list | tuple):
        if any(isinstance(item, Mapping | list | tuple) for item in detail):
            # Errors of a list of objects: one entry per item, empty for items without errors.
            fields = {}
            for index, item in enumerate(detail):
                if item:
                    for path, messages in _flatten(item, f"{key}.{index}").items():
                        fields.setdefault(path, []).extend(messages)
            return fields
        return {key: [str(item) for item in detail]}
    return {key: [str(detail)]}


def _to_drf(exc: Exception) -> Exception:
    """Return the DRF exception that stands for a Django one, or ``exc`` unchanged."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(detail=exc.message_dict)
        return exceptions.ValidationError(detail=exc.messages)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _message(exc: exceptions.APIException, code: str) -> str:
    """Return the message raised on purpose (e.g. 'This API token has expired.') or the one for ``code``."""
    detail = exc.detail
    if isinstance(detail, str) and str(detail) != str(exc.default_detail) and code != "parse_error":
        return str(detail)
    return _messages().get(code, str(exc.default_detail))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Return the API's error answer for ``exc``: the status, a stable code, a message and field errors.

    Unexpected exceptions are logged and answered with a 500 in the same shape, except under DEBUG,
    where Django's own error page is more use to a developer.
    """
    if isinstance(exc, VersionConflict):
        set_rollback()
        body = error_body(
            status_code=status.HTTP_409_CONFLICT,
            code="conflict",
            message=_messages()["conflict"],
            current_version=exc.current.version,
        )
        return Response(body, status=status.HTTP_409_CONFLICT)

    exc = _to_drf(exc)
    if not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None
        set_rollback()
        logger.error("Unexpected error in the API", exc_info=exc)
        body = error_body(status_code=500, code="server_error", message=_messages()["server_error"])
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)

    # DRF's own handler sets the headers that belong to the error (WWW-Authenticate, Retry-After).
    response = drf_exception_handler(exc, context)
    if response is None:  # pragma: no cover - DRF answers every APIException
        return None
    code = exc.default_code
    fields = _flatten(exc.detail) if isinstance(exc, exceptions.ValidationError) else {}
    response.data = error_body(
        status_code=response.status_code, code=code, message=_message(exc, code), fields=fields
    )
    return response
