"""``civicadopt report INITIATIVE_ID --as USERNAME --format pdf|docx|xlsx|html -o FILE``: write an
initiative's council report to a file, for clerks who assemble council packets.

It acts as the member named by ``--as``: their organisations and role decide what they may see, exactly
as on the web, so another organisation's initiative reads like a missing one. The report is built from
the latest stored calculation run, never recalculated, so it shows the figures the web page shows. The
web download writes no audit entry (reading is not audited), and neither does this command.
Exit status 0 when the file is written, 2 with a plain message otherwise.
"""

import argparse
import os
import tempfile
from pathlib import Path

from .common import UsageError, setup_django

FORMATS = ("pdf", "docx", "xlsx", "html")
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "html": "web page"}


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("initiative", type=int, metavar="INITIATIVE_ID", help="the initiative's number")
    parser.add_argument(
        "--as",
        dest="username",
        required=True,
        metavar="USERNAME",
        help="the member the report is made as: what they may see is what the report shows",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="pdf, docx (Word), xlsx (Excel) or html (web page); default: from the file name's ending",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    parser.set_defaults(handler=report_command)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    ending = Path(args.output).suffix.lower().lstrip(".")
    if ending not in FORMATS:
        raise UsageError(
            f"say which format to write with --format ({', '.join(FORMATS)}); "
            f"the file name {args.output!r} does not tell"
        )
    return ending


def _write_whole(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` all or nothing: a half-written council packet is worse than none."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as part:
        try:
            part.write(content)
            part.flush()
            os.fsync(part.fileno())
            # A temporary file is private (0600); the packet gets the permissions a new file would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(part.name, 0o666 & ~umask)
        except BaseException:
            os.unlink(part.name)
            raise
    try:
        os.replace(part.name, path)
    except BaseException:
        os.unlink(part.name)
        raise


def report_command(args: argparse.Namespace) -> int:
    fmt = _format(args)
    setup_django()
    from django.http import Http404

    from civicadopt.accounts.models import User
    from civicadopt.business_cases.report import build_report
    from civicadopt.business_cases.selectors import business_case_for, latest_run
    from civicadopt.initiatives.selectors import initiative_get

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise UsageError(f"there is no active user named {args.username!r}")
    try:
        initiative = initiative_get(user=user, pk=args.initiative)
    except Http404:
        # The same words whether the initiative is missing or belongs to another organisation.
        raise UsageError(f"{args.username} has no initiative {args.initiative}") from None
    case = business_case_for(initiative=initiative)
    if case is None:
        raise UsageError(f"initiative {initiative.pk} has no business case yet, so there is no report")
    case.initiative = initiative
    run = latest_run(case=case)
    if run is None:
        raise UsageError(
            f"the business case of initiative {initiative.pk} has not been calculated yet: "
            "calculate it first (the report shows a stored calculation)"
        )
    from civicadopt.accounts.conventions import activate_for
    from civicadopt.reports.registry import render  # heavy renderers load only when a report is made

    # In the organisation's language and time zone, as its web pages (and their downloads) are.
    with activate_for(initiative.organisation):
        rendered = render(build_report(case, run), fmt)
    path = Path(args.output)
    try:
        _write_whole(path, rendered.content)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(
        f"Wrote {path} ({FORMAT_NAMES[fmt]}, {len(rendered.content):,} bytes): {initiative.title}, "
        f"from calculation {run.pk}, as {user.username}."
    )
    return 0
