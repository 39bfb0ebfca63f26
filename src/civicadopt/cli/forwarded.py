"""Trust a reverse proxy's X-Forwarded-* headers, from that proxy only (gunicorn's side of ``serve``).

waitress does this itself (``serve.waitress_proxy_options``); gunicorn only turns X-Forwarded-Proto into
the request's scheme. This WSGI wrapper does the rest the same way waitress does with one trusted hop:
a request from the trusted proxy takes its client address from the last X-Forwarded-For entry (the one
the proxy added) and its host from X-Forwarded-Host; from anyone else the forwarded headers are removed,
so nobody can claim to be HTTPS or another address by sending them directly.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_BY",
    "HTTP_FORWARDED",
)


def trusted_proxy(environ: Mapping[str, str]) -> str | None:
    """Return the proxy address whose forwarded headers count, or None unless CIVICADOPT_BEHIND_PROXY."""
    if environ.get("CIVICADOPT_BEHIND_PROXY", "").strip().lower() not in {"1", "true", "yes", "on"}:
        return None
    return environ.get("CIVICADOPT_TRUSTED_PROXY", "127.0.0.1").strip() or "127.0.0.1"


class TrustedProxyHeaders:
    """WSGI wrapper: apply the trusted proxy's forwarded headers, drop everyone else's."""

    def __init__(self, application: Callable[..., Iterable[bytes]], *, trusted: str | None) -> None:
        self.application = application
        self.trusted = trusted

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.trusted is not None:
            if self.trusted in ("*", environ.get("REMOTE_ADDR")):
                _apply(environ)
            else:
                for name in FORWARDED_HEADERS:
                    environ.pop(name, None)
        return self.application(environ, start_response)


def _apply(environ: dict[str, Any]) -> None:
    client = _last(environ.get("HTTP_X_FORWARDED_FOR"))
    if client:
        environ["REMOTE_ADDR"] = client
    host = _last(environ.get("HTTP_X_FORWARDED_HOST"))
    if host:
        environ["HTTP_HOST"] = host
    scheme = _last(environ.get("HTTP_X_FORWARDED_PROTO"))
    if scheme in ("http", "https"):
        environ["wsgi.url_scheme"] = scheme


def _last(value: str | None) -> str:
    """Return the entry the nearest proxy added: the last of a comma-separated header."""
    return value.rsplit(",", 1)[-1].strip() if value else ""
