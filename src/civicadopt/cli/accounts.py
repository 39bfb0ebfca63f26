"""``civicadopt createorg`` and ``createadmin``: the first organisation and its administrator, from the console."""

import argparse
import sys

from .common import UsageError, error_messages, setup_django


def createorg_command(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from civicadopt.accounts.services import organisation_create

    data = {
        "name": args.name,
        "country": args.country.upper(),
        "population": args.population,
        "fiscal_year_start_month": args.fiscal_year_start_month,
        "currency": args.currency.upper() if args.currency else None,
    }
    try:
        organisation = organisation_create(slug=args.slug, data=data)
    except ValidationError as exc:
        raise UsageError(error_messages(exc)) from exc
    print(f"Organisation {organisation.name!r} created ({organisation.slug}).")
    print(f"Next: civicadopt createadmin --organisation {organisation.slug} --username NAME --email ADDRESS")
    return 0


def createadmin_command(args: argparse.Namespace) -> int:
    setup_django()
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
        raise UsageError(error_messages(exc)) from exc
    password = _read_password(args.password_stdin)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise UsageError("the password was refused: " + error_messages(exc)) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        # No signed-in actor: the audit trail records "system", i.e. someone at the server's console.
        membership_grant(actor=None, organisation=organisation, user=user, role=Role.ADMIN)
    outcome = "created" if created else "updated"
    print(f"User {user.username!r} {outcome}: administrator of {organisation.name} ({organisation.slug}).")
    return 0


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
