"""``civicadopt serve``: set up, then serve the product with gunicorn (several processes) or waitress.

One Python process runs one request's Python code at a time (the GIL), so a single process uses one
core however many threads it has. On Linux and other POSIX systems ``serve`` therefore runs gunicorn
with one worker process per core; waitress (one process, several threads) stays the server where
gunicorn cannot run (Windows) or when asked for with ``--server waitress``.
"""

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from .common import UsageError, load_demo, migrate, setup_django
from .forwarded import TrustedProxyHeaders, trusted_proxy

# Addresses reachable only from this machine. Anything else exposes the product to the network,
# where it must run behind HTTPS with CIVICADOPT_ALLOWED_HOSTS set, so it needs an explicit --public.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SERVERS = ("auto", "gunicorn", "waitress")
# Threads per gunicorn worker: the workers give the cores; a second thread lets a worker answer a quick
# page while another request of its own is slow (a report), without more processes in memory.
GUNICORN_THREADS = 2
WAITRESS_THREADS = 8


def serve_command(args: argparse.Namespace) -> int:
    if args.host not in LOCAL_HOSTS and not args.public:
        raise UsageError(
            f"refusing to listen on {args.host}, which other machines may reach. Add --public once HTTPS "
            "and CIVICADOPT_ALLOWED_HOSTS are configured, or use --host 127.0.0.1."
        )
    server = choose_server(args.server)
    workers = worker_count(args.workers, os.environ)
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
    from django.db import connections

    # Everything that writes runs here, once, before any worker process starts.
    if not args.no_migrate:
        migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo:
        summary = load_demo(hint="\nTo serve without the demo, add --no-demo.")
        print("Demo sign-ins (demo only: these passwords are public):")
        print(summary.logins_table())
        print()
    from civicadopt.wsgi import application

    if server == "gunicorn":
        # A database connection must not be shared by forked workers: each opens its own. (Waitress runs
        # threads in this process, so its connections stay as they are.)
        connections.close_all()
        threads = args.threads or GUNICORN_THREADS
        print(
            f"Civic Adopt is serving at {_url(args.host, args.port)}  "
            f"({workers} worker processes x {threads} threads; Ctrl+C to stop)",
            flush=True,
        )
        run_gunicorn(
            TrustedProxyHeaders(application, trusted=trusted_proxy(os.environ)),
            gunicorn_options(args.host, args.port, workers, threads, os.environ),
        )
    else:
        print(f"Civic Adopt is serving at {_url(args.host, args.port)}  (Ctrl+C to stop)", flush=True)
        from waitress import serve

        serve(
            application,
            host=args.host,
            port=args.port,
            threads=args.threads or WAITRESS_THREADS,
            **waitress_proxy_options(os.environ),
        )
    return 0


def choose_server(requested: str) -> str:
    """Return the server to run: gunicorn on POSIX systems that have it, waitress otherwise."""
    if requested == "waitress":
        return "waitress"
    available = os.name == "posix" and _gunicorn_installed()
    if requested == "gunicorn" and not available:
        raise UsageError(
            "gunicorn cannot run here (it needs Linux, macOS or another POSIX system). Use --server waitress."
        )
    return "gunicorn" if available else "waitress"


def worker_count(requested: int | None, environ: Mapping[str, str]) -> int:
    """Return how many worker processes to start: --workers, CIVICADOPT_WORKERS, or one per core."""
    if requested is not None:
        return requested
    configured = environ.get("CIVICADOPT_WORKERS", "").strip()
    if configured:
        if not configured.isdigit() or not 1 <= int(configured) <= 64:
            raise UsageError(f"CIVICADOPT_WORKERS must be a whole number from 1 to 64, not {configured!r}.")
        return int(configured)
    return usable_cpus()


def usable_cpus() -> int:
    """Return the number of cores this process may run on (a container's limit, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def gunicorn_options(
    host: str, port: int, workers: int, threads: int, environ: Mapping[str, str]
) -> dict[str, Any]:
    """Return gunicorn's settings for ``serve``: threaded workers, logs to the terminal, proxy trust."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # A report (PDF of a long business case) can take several seconds; 120 s leaves room.
        "timeout": 120,
        "graceful_timeout": 20,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # The control socket would sit at one fixed path per user, shared by every gunicorn on the
        # machine; `serve` has no use for it.
        "control_socket_disable": True,
        # gunicorn's own X-Forwarded-Proto handling: trust it from the configured proxy only, and from
        # nobody without CIVICADOPT_BEHIND_PROXY (gunicorn's default trusts this machine). The wrapper
        # in forwarded.py does the same for the client address and host.
        "forwarded_allow_ips": trusted_proxy(environ) or "",
    }
    return options


def run_gunicorn(application: Callable[..., Any], options: Mapping[str, Any]) -> None:
    """Run gunicorn's arbiter in this process with ``application``; return when it stops."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Any]:
            return application

    # gunicorn reads sys.argv for its own options when it is the program; here it is not.
    _Server(usage=None, prog="civicadopt serve").run()


def waitress_proxy_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return waitress's proxy-trust options: none, unless CIVICADOPT_BEHIND_PROXY is set.

    Behind a reverse proxy that terminates HTTPS, waitress must trust that proxy's X-Forwarded-* headers
    (and only that proxy's), or every request looks like plain HTTP from the proxy's own address: the
    HTTPS redirect loops, and login throttling sees one address for everybody.
    """
    trusted = trusted_proxy(environ)
    if trusted is None:
        return {}
    return {
        "trusted_proxy": trusted,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        "clear_untrusted_proxy_headers": True,
    }


def _gunicorn_installed() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def _url(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::"):  # noqa: S104 - naming the wildcard addresses, not binding to them
        return f"port {port} on every address of this machine"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
