"""``civicadopt import``: reference data loaded from files into the database.

``import grants FILE`` loads the Grants.gov XML extract (``GrantsDBExtractYYYYMMDDv2.zip`` as published at
https://www.grants.gov/xml-extract, or the .xml inside it) into the programme catalogue every organisation
shares. A progress bar goes to standard error when it is a terminal, the summary to standard output.
Exit status 0 when the extract was imported, even when some records could not be (each is listed with
its opportunity ID); 2 when the file is not a readable extract, and then nothing was imported; 1 when the
database is not ready.
"""

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from .common import UsageError, setup_django

if TYPE_CHECKING:  # the import needs Django set up, which only the command itself does
    from civicadopt.funding.grants_import import ImportSummary


def add_import_commands(parser: argparse.ArgumentParser, formatter: type[argparse.HelpFormatter]) -> None:
    """Add the import sources under ``parser`` (the ``import`` command)."""
    parser.set_defaults(handler=_without_source(parser))
    sources = parser.add_subparsers(dest="source", title="sources", metavar="SOURCE")
    grants = sources.add_parser(
        "grants",
        help="Load the Grants.gov XML extract (.zip or .xml) into the shared programme catalogue.",
        description=(
            "Load the Grants.gov XML extract into the programme catalogue that every organisation on this\n"
            "server shares: GrantsDBExtractYYYYMMDDv2.zip as downloaded from https://www.grants.gov/xml-extract,\n"
            "or the .xml inside it. Opportunities are matched by their ID: new ones are added, a newer version\n"
            "replaces an older one, and running it again on the same file changes nothing. Forecasts are\n"
            "skipped. Records that cannot be read are listed and left out; a file that is not a readable\n"
            "extract (cut short, not XML, with a DTD) is refused and nothing is imported."
        ),
        formatter_class=formatter,
    )
    grants.add_argument("file", metavar="FILE", help="the extract: a .zip holding one .xml file, or the .xml")
    grants.add_argument("--quiet", action="store_true", help="no progress bar")
    grants.set_defaults(handler=import_grants_command)


def _without_source(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return handler


def import_grants_command(args: argparse.Namespace) -> int:
    setup_django()
    from django.db import DatabaseError

    from civicadopt.funding.grants_import import import_grants
    from civicadopt.funding.grantsgov import ExtractError, open_extract

    started = time.monotonic()
    try:
        with open_extract(args.file) as stream:
            bar = None if args.quiet or not sys.stderr.isatty() else ProgressBar(sys.stderr)
            try:
                summary = import_grants(stream, progress=bar)
            finally:
                if bar is not None:
                    bar.finish()
    except ExtractError as exc:
        raise UsageError(f"{args.file}: {exc}") from exc
    except DatabaseError as exc:
        print(
            f"civicadopt import: the database refused the import ({exc}); nothing was imported. "
            "If the database is new, run 'civicadopt manage migrate' first.",
            file=sys.stderr,
        )
        return 1
    print_summary(summary, args.file, time.monotonic() - started)
    return 0


def print_summary(summary: "ImportSummary", file: str, seconds: float, out: TextIO | None = None) -> None:
    """Print what the import did, then every record that could not be imported."""
    out = out or sys.stdout
    print(f"Grants.gov extract {file}: {summary.records:,} records read in {seconds:,.1f} s.", file=out)
    reasons = ", ".join(f"{reason} {count:,}" for reason, count in summary.skipped_reasons.items())
    rows = [
        ("Created", summary.created, ""),
        ("Updated", summary.updated, ""),
        ("Unchanged", summary.unchanged, ""),
        ("Skipped", summary.skipped, f"  ({reasons})" if reasons else ""),
        ("Not imported", len({(p.opportunity_id, p.line) for p in summary.problems}), ""),
    ]
    width = max(len(f"{count:,}") for _, count, _ in rows)
    for label, count, note in rows:
        print(f"  {label:<13}{count:>{width},}{note}", file=out)
    if summary.problems:
        print("\nRecords that could not be imported:", file=out)
        for problem in summary.problems:
            print(f"  {problem}", file=out)


class ProgressBar:
    """A one-line progress bar of bytes read, redrawn at most every ``interval`` seconds.

    Called with (bytes read, total bytes); a total of 0 (unknown) shows the bytes read alone.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        width: int = 30,
        interval: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = out
        self.width = width
        self.interval = interval
        self.clock = clock
        self.drawn_at: float | None = None
        self.last = (0, 0)

    def __call__(self, done: int, total: int) -> None:
        self.last = (done, total)
        now = self.clock()
        if self.drawn_at is None or now - self.drawn_at >= self.interval:
            self.draw(done, total)
            self.drawn_at = now

    def draw(self, done: int, total: int) -> None:
        megabytes = f"{done / 1e6:,.1f} MB"
        if total > 0:
            fraction = min(done / total, 1.0)
            filled = round(fraction * self.width)
            bar = "#" * filled + "." * (self.width - filled)
            line = f"Importing [{bar}] {fraction:4.0%}  {megabytes} of {total / 1e6:,.1f} MB"
        else:
            line = f"Importing  {megabytes}"
        self.out.write(f"\r{line}")
        self.out.flush()

    def finish(self) -> None:
        """Draw the last state read and end the line, so that what follows starts on a line of its own."""
        if self.drawn_at is not None:
            self.draw(*self.last)
            self.out.write("\n")
            self.out.flush()
