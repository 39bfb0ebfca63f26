"""``/favicon.ico``: browsers ask for it at the root whatever the page links to; send them to the icon."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@login_not_required  # the sign-in page shows the icon too
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Redirect (permanently) to the static icon, so it is cached and served like every static file."""
    return HttpResponsePermanentRedirect(static("civicadopt/favicon.ico"))
