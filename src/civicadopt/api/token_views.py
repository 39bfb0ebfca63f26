"""Web pages where a person manages their own API keys (sign-in required by the global middleware)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .forms import TokenCreateForm
from .selectors import token_get, token_list
from .services import token_create, token_revoke


# never_cache: the answer to a creation holds a key in the clear; no cache may keep a copy.
@never_cache
@require_http_methods(["GET", "POST"])
def token_list_view(request: HttpRequest) -> HttpResponse:
    """Show the user's API keys and a form to create one; after a creation, show the new key once."""
    form = TokenCreateForm(request.POST or None)
    new_key = new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token, new_key = token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(timezone.now()),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            form = TokenCreateForm()
    context = {
        "form": form,
        "tokens": token_list(user=request.user),
        "new_key": new_key,
        "new_token": new_token,
        "now": timezone.now(),
    }
    return render(request, "api/token_list.html", context)


@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own API keys and go back to the list; anyone else's key answers 404."""
    token = token_get(user=request.user, pk=pk)
    token_revoke(user=request.user, token=token)
    messages.success(
        request,
        _("The token “%(name)s” is revoked: requests that send it are now refused.") % {"name": token.name},
    )
    return redirect("api:token-list")
