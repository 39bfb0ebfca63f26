"""Error pages in plain language. API requests get the API's JSON error shape instead.

Also the logging filter that keeps expected refusals (403, 404) to one line each.
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _page(request: HttpRequest, status: int, code: str, title: str, message: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"error": {"status": status, "code": code, "message": message, "fields": {}}}, status=status
        )
    return render(request, "errors/error.html", {"title": title, "message": message}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        "not_found",
        _("Page not found"),
        _("There is nothing here, or it belongs to an organisation you are not a member of."),
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        "permission_denied",
        _("Not allowed"),
        _("Your role does not allow this. Ask your organisation's administrator if you need it."),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, "bad_request", _("Bad request"), _("The request could not be understood."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        "server_error",
        _("Something went wrong"),
        _(
            "The error has been logged. Nothing you entered was half-saved: try again, or tell your administrator."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "errors/error.html",
        {
            "title": _("Form expired"),
            "message": _(
                "The form was open too long or was sent from another site. Go back, reload it and send it again."
            ),
        },
        status=403,
    )


# Answers that are part of normal use: a link to a deleted record, a role too low for a button.
EXPECTED_STATUSES = frozenset({401, 403, 404, 405, 409})


class ExpectedErrorsInOneLine(logging.Filter):
    """Drop the traceback from ``django.request`` records of expected refusals.

    Django logs "Not Found: /path" and "Forbidden (Permission denied): /path" with the exception
    attached, so each 404 or 403 printed a traceback that buried real errors. These keep their one
    line (with the status and path); a 500 keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED_STATUSES:
            record.exc_info = None
            record.exc_text = None
        return True
