"""Every page needs a signed-in user unless its view says otherwise; an organisation's pages follow its conventions."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone, translation

from rest_framework.views import APIView

from . import conventions
from .models import Organisation


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's login-required middleware, leaving API views to DRF's own authentication.

    The API answers an anonymous request with a 401 in its JSON error shape, never with a redirect
    to the login page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class OrganisationConventionsMiddleware:
    """Show the pages of an organisation (``/o/<slug>/…``) in its language and its time zone.

    The organisation is looked up through the user's membership, so a page of someone else's
    organisation (which answers 404 anyway) never reveals anything about it. Pages outside an
    organisation keep the language the browser asks for and the server's time zone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        slug = view_kwargs.get("org")
        user = getattr(request, "user", None)
        if not isinstance(slug, str) or user is None or not user.is_authenticated:
            return None
        organisation = Organisation.objects.filter(slug=slug, memberships__user=user).first()
        if organisation is None:
            return None
        language = conventions.language_for(organisation)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        timezone.activate(conventions.time_zone_for(organisation))
        return None
