"""The ``civicadopt`` command: serve the product, load the demo, create an administrator, run Django
management commands, and (in later work) calculators that need no database.

Exit codes: 0 success, 1 the command failed while running, 2 bad usage or bad input (argparse's own
convention, kept for every error the person at the keyboard can fix). Django is set up only by the
subcommands that need it, so ``--help`` and ``calc`` work without a database or settings.
"""

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

SETTINGS_MODULE = "civicadopt.settings"
# Addresses reachable only from this machine. Anything else exposes the product to the network,
# where it must run behind HTTPS with CIVICADOPT_ALLOWED_HOSTS set, so it needs an explicit --public.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

DESCRIPTION = """\
Civic Adopt: take a municipal technology initiative from idea to adoption.

Start here:  civicadopt serve      (sets up the database, loads the demo city, serves on 127.0.0.1:8000)
"""


class UsageError(Exception):
    """Input the person at the keyboard can correct: printed plainly, exit code 2."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the descriptions' line breaks as written."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``civicadopt`` command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # ``manage`` hands everything after it to Django untouched (its own options included); only a
    # bare ``--help`` is answered here, with this command's description.
    if argv[:1] == ["manage"] and argv[1:] not in (["-h"], ["--help"]):
        return _manage(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2): return the code rather than exit
        return _exit_code(exc)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except UsageError as exc:
        print(f"civicadopt {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``): stop quietly, as the Python documentation advises.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``civicadopt`` and all its subcommands."""
    parser = argparse.ArgumentParser(prog="civicadopt", description=DESCRIPTION, formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=description, formatter_class=_Formatter)

    serve = command(
        "serve",
        "Serve the web application (sets up the database and the demo first).",
        "Serve Civic Adopt on this machine: apply database migrations, collect static files, load the demo\n"
        "municipalities (unless --no-demo), print the address and demo sign-ins, then serve with waitress.\n"
        "Only this machine can connect unless --public is given.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port", type=_bounded_int(1, 65535), default=8000, help="port to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--threads",
        type=_bounded_int(1, 256),
        default=8,
        help="requests served at once (default: %(default)s)",
    )
    serve.add_argument(
        "--no-demo", action="store_true", help="do not load or refresh the demo municipalities"
    )
    serve.add_argument(
        "--no-migrate",
        action="store_true",
        help="do not apply database migrations at start (run 'civicadopt manage migrate' yourself)",
    )
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow an address other machines can reach (configure HTTPS and CIVICADOPT_ALLOWED_HOSTS first)",
    )
    serve.set_defaults(handler=_serve)

    demo = command(
        "demo",
        "Create or refresh the demo municipalities and print the demo sign-ins.",
        "Apply database migrations, then create or refresh the demo municipalities (City of Riverton,\n"
        "Village of Millbrook) from a data file. Running it again changes only what differs from the file.\n"
        "The demo passwords are public: never load the demo into a database holding real data.",
    )
    demo.add_argument("--file", metavar="PATH", help="demo data file (JSON); default: the built-in demo")
    demo.add_argument(
        "--reset-passwords", action="store_true", help="set the demo users' passwords back to the file's"
    )
    demo.set_defaults(handler=_demo)

    org = command(
        "createorg",
        "Create an organisation (a municipality) on this server.",
        "Create an organisation: a municipality whose records are kept apart from every other one's.\n"
        "Then give it an administrator with 'civicadopt createadmin --organisation SLUG ...'.",
    )
    org.add_argument("--slug", required=True, help="short name used in web addresses, e.g. springfield")
    org.add_argument("--name", required=True, help="full name, e.g. 'City of Springfield'")
    org.add_argument("--country", default="US", help="two-letter country code (default: %(default)s)")
    org.add_argument("--population", type=_bounded_int(0, 2_000_000_000), help="number of residents")
    org.add_argument(
        "--fiscal-year-start-month",
        type=_bounded_int(1, 12),
        default=7,
        help="month the fiscal year starts, 1-12 (default: %(default)s, July)",
    )
    org.add_argument("--currency", default="USD", help="three-letter currency code (default: %(default)s)")
    org.set_defaults(handler=_createorg)

    admin = command(
        "createadmin",
        "Create or update a user as administrator of an existing organisation.",
        "Create a user (or update an existing one) and make them an administrator of an existing\n"
        "organisation. The password is read from standard input (--password-stdin) or asked twice, and\n"
        "must pass the password rules (at least 12 characters, not common, not all digits).",
    )
    admin.add_argument("--organisation", required=True, metavar="SLUG", help="short name of the organisation")
    admin.add_argument("--username", required=True, help="user name to sign in with")
    admin.add_argument("--email", required=True, help="the administrator's email address")
    admin.add_argument("--first-name", default="", help="given name shown in the product")
    admin.add_argument("--last-name", default="", help="family name shown in the product")
    admin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    admin.set_defaults(handler=_createadmin)

    manage = command(
        "manage",
        "Run a Django management command (e.g. 'civicadopt manage check').",
        "Run a Django management command with Civic Adopt's settings, e.g. 'civicadopt manage migrate'\n"
        "or 'civicadopt manage help' for the list. Everything after 'manage' is passed on unchanged.",
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the management command and its options")

    calc = command(
        "calc",
        "Calculators that run on CSV or JSON files, without a database (coming in later work).",
        "Calculators that run Civic Adopt's computational core on CSV or JSON files, with no database\n"
        "and no server: scriptable, with machine-readable output. Later work adds them here (e.g. net\n"
        "present value, schedule, Monte Carlo risk); none is available in this version.",
    )
    calc.set_defaults(handler=_calc_without_calculator, help_parser=calc)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("civicadopt")
    except PackageNotFoundError:
        return "(not installed)"


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _load_demo(*, path: str | None = None, reset_passwords: bool = False, hint: str = "") -> Any:
    """Load the demo (``path`` or the built-in file); return its summary. Bad data is a usage error."""
    from civicadopt.demo.datafile import DemoDataError, read_data_file
    from civicadopt.demo.loader import load_demo

    try:
        return load_demo(data=read_data_file(path), reset_passwords=reset_passwords)
    except DemoDataError as exc:
        raise UsageError(str(exc) + hint) from exc


# serve -------------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
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
    _setup_django()
    from django.core.management import call_command

    if not args.no_migrate:
        _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo:
        summary = _load_demo(hint="\nTo serve without the demo, add --no-demo.")
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


# demo --------------------------------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    _setup_django()
    _migrate()
    summary = _load_demo(path=args.file, reset_passwords=args.reset_passwords)
    print(summary.report())
    return 0


# createadmin -------------------------------------------------------------------------------------


def _createorg(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.exceptions import ValidationError

    from civicadopt.accounts.services import organisation_create

    data = {
        "name": args.name,
        "country": args.country.upper(),
        "population": args.population,
        "fiscal_year_start_month": args.fiscal_year_start_month,
        "currency": args.currency.upper(),
    }
    try:
        organisation = organisation_create(slug=args.slug, data=data)
    except ValidationError as exc:
        raise UsageError(_messages(exc)) from exc
    print(f"Organisation {organisation.name!r} created ({organisation.slug}).")
    print(f"Next: civicadopt createadmin --organisation {organisation.slug} --username NAME --email ADDRESS")
    return 0


def _createadmin(args: argparse.Namespace) -> int:
    _setup_django()
    from django.db import DatabaseError

    try:
        return _grant_admin(args)
    except DatabaseError as exc:
        print(
            f"civicadopt createadmin: the database is not ready ({exc}). Run 'civicadopt manage migrate'.",
            file=sys.stderr,
        )
        return 1


def _grant_admin(args: argparse.Namespace) -> int:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from civicadopt.accounts.models import Organisation, User
    from civicadopt.accounts.roles import Role
    from civicadopt.accounts.services import membership_grant

    organisation = Organisation.objects.filter(slug=args.organisation).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none yet"
        raise UsageError(f"there is no organisation {args.organisation!r} (existing: {known}).")
    user = User.objects.filter(username=args.username).first()
    created = user is None
    if user is None:
        user = User(username=args.username)
    user.email = args.email
    user.first_name = args.first_name or user.first_name
    user.last_name = args.last_name or user.last_name
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise UsageError(_messages(exc)) from exc
    password = _read_password(args.password_stdin)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise UsageError("the password was refused: " + _messages(exc)) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        # No signed-in actor: the audit trail records "system", i.e. someone at the server's console.
        membership_grant(actor=None, organisation=organisation, user=user, role=Role.ADMIN)
    outcome = "created" if created else "updated"
    print(f"User {user.username!r} {outcome}: administrator of {organisation.name} ({organisation.slug}).")
    return 0


def _messages(exc: Any) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
    return " ".join(exc.messages)


def _read_password(from_stdin: bool) -> str:
    """Return the new password from standard input's first line, or asked twice at a terminal."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("standard input held no password.")
        return password
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the password; pipe it in with --password-stdin.")
    from getpass import getpass

    password = getpass("Password: ")
    if password != getpass("Password (again): "):
        raise UsageError("the two passwords differ; nothing was changed.")
    return password


# manage and calc ---------------------------------------------------------------------------------


def _manage(django_args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["civicadopt manage", *django_args])
    except SystemExit as exc:
        return _exit_code(exc)
    return 0


def _calc_without_calculator(args: argparse.Namespace) -> int:
    args.help_parser.print_help(sys.stderr)
    return 2
