"""``manage.py demo``: create or refresh the demo municipalities and print how to sign in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicadopt.demo.datafile import DemoDataError, read_data_file
from civicadopt.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo municipalities (City of Riverton, Village of Millbrook) from a data "
        "file. Safe to run again: unchanged records are left alone, edited ones get the file's values back "
        "(recorded in the audit trail). The demo passwords are public: never load the demo on a server "
        "holding real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", metavar="PATH", help="Demo data file (JSON). Default: the built-in demo."
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set every demo user's password back to the one in the file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = read_data_file(options["file"])
            summary = load_demo(
                data=data,
                stdout=self.stdout if options["verbosity"] >= 2 else None,
                reset_passwords=options["reset_passwords"],
            )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary.report())
