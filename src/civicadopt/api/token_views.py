"""Web pages where a person manages their own API tokens (sign-in required by the global middleware)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from .forms import TokenCreateForm
from .selectors import token_get, token_list
from .services import token_create, token_revoke


# never_cache: the answer to a creation holds a token in the clear; no cache may keep a copy.
@method_decorator(never_cache, name="dispatch")
class TokenListView(View):
    """Show the user's API tokens and a form to create one; after a creation, show the new token once."""

    template_name = "api/token_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(TokenCreateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return self._render(form)
        try:
            token, key = token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at(timezone.now())
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self._render(form)
        # Rendered, not redirected: a redirect would mean storing the key somewhere, even in the session.
        return self._render(TokenCreateForm(), new_token=token, new_key=key)

    def _render(self, form: TokenCreateForm, **extra: Any) -> HttpResponse:
        context = {"form": form, "tokens": token_list(user=self.request.user), **extra}
        return render(self.request, self.template_name, context)


class TokenRevokeView(View):
    """Revoke one of the user's own API tokens and go back to the list; anyone else's token answers 404."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = token_get(user=request.user, pk=pk)
        token_revoke(user=request.user, token=token)
        messages.success(
            request,
            _("The token “%(name)s” is revoked: requests that send it are now refused.")
            % {"name": token.name},
        )
        return redirect("api:token-list")
