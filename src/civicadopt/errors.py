"""Error pages in plain language. API requests get the API's JSON error shape instead."""

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
