"""``civicadopt serve``: set up, then serve the product with waitress."""

import argparse
import os
import sys
from collections.abc import Mapping
from typing import Any

from .common import UsageError, load_demo, migrate, setup_django

# Addresses reachable only from this machine. Anything else exposes the product to the network,
# where it must run behind HTTPS with CIVICADOPT_ALLOWED_HOSTS set, so it needs an explicit --public.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def serve_command(args: argparse.Namespace) -> int:
    if args.host not in LOCAL_HOSTS and not args.public:
        raise UsageError(
            f"refusing to listen on {args.host}, which other machines may reach. Add --public once HTTPS "
            "and CIVICADOPT_ALLOWED_HOSTS are configured, or use --host 127.0.0.1."
        )
    if args.public and args.host not in LOCAL_HOSTS:
        print(
            "warning: serving to the network. Put HTTPS in front (CIVICADOPT_HTTPS=1) and set "
            "CIVICADOPT_ALLOWED_HOSTS to the name people use, or requests will be refused or unsafe.",
            file=sys.stderr,
        )
        if not args.no_demo:
            print(
                "warning: the demo sign-ins below have public passwords; use --no-demo for real use.",
                file=sys.stderr,
            )
    setup_django()
    from django.core.management import call_command

    if not args.no_migrate:
        migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo:
        summary = load_demo(hint="\nTo serve without the demo, add --no-demo.")
        print("Demo sign-ins (demo only: these passwords are public):")
        print(summary.logins_table())
        print()
    print(f"Civic Adopt is serving at {_url(args.host, args.port)}  (Ctrl+C to stop)", flush=True)

    from waitress import serve

    from civicadopt.wsgi import application

    serve(
        application,
        host=args.host,
        port=args.port,
        threads=args.threads,
        **waitress_proxy_options(os.environ),
    )
    return 0


def waitress_proxy_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return waitress's proxy-trust options: none, unless CIVICADOPT_BEHIND_PROXY is set.

    Behind a reverse proxy that terminates HTTPS, waitress must trust that proxy's X-Forwarded-* headers
    (and only that proxy's), or every request looks like plain HTTP from the proxy's own address: the
    HTTPS redirect loops, and login throttling sees one address for everybody.
    """
    if environ.get("CIVICADOPT_BEHIND_PROXY", "").strip().lower() not in {"1", "true", "yes", "on"}:
        return {}
    return {
        "trusted_proxy": environ.get("CIVICADOPT_TRUSTED_PROXY", "127.0.0.1"),
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        "clear_untrusted_proxy_headers": True,
    }


def _url(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::"):  # noqa: S104 - naming the wildcard addresses, not binding to them
        return f"port {port} on every address of this machine"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
