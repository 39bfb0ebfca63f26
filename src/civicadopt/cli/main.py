"""The ``civicadopt`` command: serve the product, load the demo, create an administrator, run Django
management commands, and (in later work) calculators that need no database.

Exit codes: 0 success, 1 the command failed while running, 2 bad usage or bad input (argparse's own
convention, kept for every error the person at the keyboard can fix). Django is set up only by the
subcommands that need it, so ``--help`` and ``calc`` work without a database or settings.
"""

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from .accounts import createadmin_command, createorg_command
from .calc import add_calc_commands
from .common import SETTINGS_MODULE, UsageError, load_demo, migrate, setup_django
from .funding import add_funding_commands
from .imports import add_import_commands
from .report import add_report_arguments
from .serve import serve_command

DESCRIPTION = """\
Civic Adopt: take a municipal technology initiative from idea to adoption.

Start here:  civicadopt serve      (sets up the database, loads the demo city, serves on 127.0.0.1:8000)
"""


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
        "municipalities (unless --no-demo), print the address and demo sign-ins, then serve: with gunicorn,\n"
        "one worker process per CPU core (--workers), or with waitress (--server waitress, or on Windows).\n"
        "Only this machine can connect unless --public is given.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port", type=bounded_int(1, 65535), default=8000, help="port to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--server",
        choices=("auto", "gunicorn", "waitress"),
        default="auto",
        help="web server: gunicorn (several processes, POSIX only) or waitress (one process); "
        "auto picks gunicorn where it can run (default: %(default)s)",
    )
    serve.add_argument(
        "--workers",
        type=bounded_int(1, 64),
        default=None,
        help="gunicorn worker processes (default: CIVICADOPT_WORKERS, else one per CPU core)",
    )
    serve.add_argument(
        "--threads",
        type=bounded_int(1, 256),
        default=None,
        help="requests served at once per process (default: 2 per gunicorn worker, 8 for waitress)",
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
    serve.set_defaults(handler=serve_command)

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
    org.add_argument("--population", type=bounded_int(0, 2_000_000_000), help="number of residents")
    org.add_argument(
        "--fiscal-year-start-month",
        type=bounded_int(1, 12),
        help="month the fiscal year starts, 1-12 (default: the country's, July for US, April for GB)",
    )
    org.add_argument("--currency", help="three-letter currency code (default: the country's, USD for US)")
    org.set_defaults(handler=createorg_command)

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
    admin.set_defaults(handler=createadmin_command)

    manage = command(
        "manage",
        "Run a Django management command (e.g. 'civicadopt manage check').",
        "Run a Django management command with Civic Adopt's settings, e.g. 'civicadopt manage migrate'\n"
        "or 'civicadopt manage help' for the list. Everything after 'manage' is passed on unchanged.",
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the management command and its options")

    calc = command(
        "calc",
        "Calculators that run on CSV files, without a database (e.g. 'calc appraise').",
        "Calculators that run Civic Adopt's computational core on files, with no database and no server:\n"
        "scriptable, with --json output. 'civicadopt calc appraise --help' explains the appraisal.",
    )
    calc.set_defaults(handler=_calc_without_calculator, help_parser=calc)
    add_calc_commands(calc, _Formatter)

    imports = command(
        "import",
        "Import reference data into the database (e.g. 'import grants FILE', the Grants.gov extract).",
        "Import reference data into the database. 'civicadopt import grants --help' explains the\n"
        "Grants.gov extract import.",
    )
    add_import_commands(imports, _Formatter)

    funding = command(
        "funding",
        "Funding tools on the database (e.g. 'funding match INITIATIVE_ID').",
        "Funding tools. 'civicadopt funding match --help' explains the matching.",
    )
    funding.set_defaults(handler=lambda args: (funding.print_help(sys.stderr), 2)[1])
    add_funding_commands(funding, _Formatter)

    report = command(
        "report",
        "Write an initiative's council report to a file (PDF, Word, Excel or web page).",
        "Write the council report of INITIATIVE_ID to FILE, as the member --as USERNAME: their role and\n"
        "organisations decide what they may see, as on the web. The report shows the business case's\n"
        "latest stored calculation. Exit status 0 when the file is written, 2 with a message otherwise.",
    )
    add_report_arguments(report)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("civicadopt")
    except PackageNotFoundError:
        return "(not installed)"


def bounded_int(low: int, high: int) -> Callable[[str], int]:
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


def _demo(args: argparse.Namespace) -> int:
    setup_django()
    migrate()
    summary = load_demo(path=args.file, reset_passwords=args.reset_passwords)
    print(summary.report())
    return 0


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
