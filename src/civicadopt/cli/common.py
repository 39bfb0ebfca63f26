"""What the subcommands share: Django set-up, migrations, the demo loader and plain error messages."""

import os
from typing import Any

SETTINGS_MODULE = "civicadopt.settings"


class UsageError(Exception):
    """Input the person at the keyboard can correct: printed plainly, exit code 2."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def load_demo(*, path: str | None = None, reset_passwords: bool = False, hint: str = "") -> Any:
    """Load the demo (``path`` or the built-in file); return its summary. Bad data is a usage error."""
    from civicadopt.demo.datafile import DemoDataError, read_data_file
    from civicadopt.demo.loader import load_demo

    try:
        return load_demo(data=read_data_file(path), reset_passwords=reset_passwords)
    except DemoDataError as exc:
        raise UsageError(str(exc) + hint) from exc


def error_messages(exc: Any) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
    return " ".join(exc.messages)
