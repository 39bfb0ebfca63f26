"""Writes to the funding catalogue, profiles, applications and funding sources: each in one transaction
with its audit entry, permissions checked here whatever the interface.

Who may do what (``accounts.roles``):

- the organisation's own programmes: editors and above; shared Grants.gov programmes are read-only here
  (the Grants.gov import keeps them);
- the funding profile and its match funds: managers and admins;
- applications and funding sources: whoever may edit their initiative (``initiatives.permissions``).

Programmes and applications are edited with optimistic concurrency (``civicadopt.concurrency``), as is the
profile; a stale edit raises ``VersionConflict`` and changes nothing.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from civicadopt.accounts.models import Organisation, User
from civicadopt.accounts.roles import Role, role_at_least
from civicadopt.accounts.selectors import membership_role
from civicadopt.audit.services import (
    audit_created,
    audit_deleted,
    update_with_audit,
)
from civicadopt.concurrency import VersionConflict, claim_version
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.permissions import require_edit

from .models import Application, FundingProfile, FundingSource, MatchFunds, Programme, Source

__all__ = ["VersionConflict"]  # re-exported: callers catch services.VersionConflict

PROGRAMME_FIELDS = (
    "funder", "name", "kind", "applicant_types", "geography", "categories", "purposes", "award_floor",
    "award_ceiling", "total_funding", "cost_sharing", "match_percent", "opens", "closes", "rolling",
    "assistance_listings", "url", "description", "eligibility_notes", "notes",
)  # fmt: skip
PROFILE_FIELDS = ("applicant_type", "rural", "region")
APPLICATION_FIELDS = (
    "stage", "deadline", "requested", "match_committed", "probability", "fiscal_year", "notes",
)  # fmt: skip
SOURCE_FIELDS = ("kind", "name", "fiscal_year", "amount", "committed")
MAX_CHECKLIST = 50
MAX_CHECKLIST_ITEM = 200


def _role(user: User, organisation: Organisation) -> str | None:
    return membership_role(user=user, organisation_id=organisation.pk)


def can_edit_catalogue(role: str | None) -> bool:
    return role_at_least(role, Role.EDITOR)


def can_edit_profile(role: str | None) -> bool:
    return role_at_least(role, Role.MANAGER)


def is_own(programme: Programme, organisation: Organisation) -> bool:
    """Return True when ``programme`` belongs to ``organisation`` (shared Grants.gov ones belong to none)."""
    return programme.organisation_id is not None and programme.organisation_id == organisation.pk


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")


def require_catalogue_edit(*, user: User, organisation: Organisation) -> None:
    """Raise PermissionDenied unless ``user`` may add to and change ``organisation``'s own programmes."""
    if not can_edit_catalogue(_role(user, organisation)):
        raise PermissionDenied


def _as_stored(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """Return ``data`` with each amount at its field's decimal places (25 becomes 25.00), so that an
    edit that changes no number records no change in the audit trail."""
    values = dict(data)
    for name, value in data.items():
        field = model._meta.get_field(name)
        if isinstance(value, Decimal) and isinstance(field, models.DecimalField) and value.is_finite():
            values[name] = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return values


def _require_programme_edit(user: User, organisation: Organisation, programme: Programme | None) -> None:
    require_catalogue_edit(user=user, organisation=organisation)
    if programme is not None and not is_own(programme, organisation):
        raise PermissionDenied(_("Shared Grants.gov programmes cannot be changed here."))


@transaction.atomic
def programme_create(
    *, user: User, organisation: Organisation, data: dict[str, Any], source: str = Source.MANUAL
) -> Programme:
    """Add a programme of ``organisation``'s own to its catalogue from validated ``data``."""
    _require_programme_edit(user, organisation, None)
    _check_fields(data, PROGRAMME_FIELDS, "programme")
    if source == Source.GRANTS_GOV:
        raise ValueError("Grants.gov programmes are shared and come from the Grants.gov import only.")
    programme = Programme(organisation=organisation, source=source, **_as_stored(Programme, data))
    programme.full_clean()
    programme.save()
    audit_created(actor=user, organisation=organisation, instance=programme)
    return programme


@transaction.atomic
def programme_update(
    *,
    user: User,
    organisation: Organisation,
    programme: Programme,
    expected_version: int,
    data: dict[str, Any],
) -> Programme:
    """Apply validated ``data`` to one of the organisation's own programmes if nobody changed it since
    ``expected_version``."""
    _require_programme_edit(user, organisation, programme)
    _check_fields(data, PROGRAMME_FIELDS, "programme")
    claim_version(programme, expected_version)
    return update_with_audit(
        actor=user,
        organisation=organisation,
        instance=programme,
        fields=PROGRAMME_FIELDS,
        data=_as_stored(Programme, data),
    )


@transaction.atomic
def programme_delete(
    *, user: User, organisation: Organisation, programme: Programme, expected_version: int
) -> None:
    """Remove one of the organisation's own programmes; refused (ValidationError) while applications
    name it."""
    _require_programme_edit(user, organisation, programme)
    if programme.applications.exists():  # type: ignore[attr-defined]
        raise ValidationError(_("Applications name this programme: delete them first."))
    claim_version(programme, expected_version)
    audit_deleted(actor=user, organisation=organisation, instance=programme)
    try:
        with transaction.atomic():
            programme.delete()
    except ProtectedError as exc:  # an application added since the check above
        raise ValidationError(_("Applications name this programme: delete them first.")) from exc


@transaction.atomic
def profile_update(
    *, user: User, organisation: Organisation, expected_version: int, data: dict[str, Any]
) -> FundingProfile:
    """Change the organisation's funding profile (creating it the first time) if nobody changed it since
    ``expected_version``."""
    if not can_edit_profile(_role(user, organisation)):
        raise PermissionDenied
    _check_fields(data, PROFILE_FIELDS, "profile")
    profile, created = FundingProfile.objects.get_or_create(organisation=organisation)
    if created:
        audit_created(actor=user, organisation=organisation, instance=profile)
    claim_version(profile, expected_version)
    return update_with_audit(
        actor=user, organisation=organisation, instance=profile, fields=PROFILE_FIELDS, data=data
    )


@transaction.atomic
def match_funds_set(
    *, user: User, organisation: Organisation, fiscal_year: int, amount: Decimal
) -> MatchFunds:
    """Record the match funds ``organisation`` has for ``fiscal_year`` (replacing that year's amount)."""
    if not can_edit_profile(_role(user, organisation)):
        raise PermissionDenied
    row = (
        MatchFunds.objects.select_for_update()
        .filter(organisation=organisation, fiscal_year=fiscal_year)
        .first()
    )
    if row is None:
        row = MatchFunds(
            organisation=organisation, fiscal_year=fiscal_year, **_as_stored(MatchFunds, {"amount": amount})
        )
        row.full_clean()
        row.save()
        audit_created(actor=user, organisation=organisation, instance=row)
        return row
    return update_with_audit(
        actor=user,
        organisation=organisation,
        instance=row,
        fields=("amount",),
        data=_as_stored(MatchFunds, {"amount": amount}),
    )


@transaction.atomic
def match_funds_delete(*, user: User, organisation: Organisation, row: MatchFunds) -> None:
    if not can_edit_profile(_role(user, organisation)) or row.organisation_id != organisation.pk:
        raise PermissionDenied
    audit_deleted(actor=user, organisation=organisation, instance=row)
    row.delete()


def _check_programme(initiative: Initiative, programme: Programme | None) -> None:
    """Refuse a programme outside the initiative's catalogue (another organisation's own)."""
    if programme is None:
        raise ValidationError({"programme": _("Choose a programme from the catalogue.")})
    if programme.organisation_id is not None and programme.organisation_id != initiative.organisation_id:
        raise ValidationError({"programme": _("Choose a programme from the catalogue.")})


@transaction.atomic
def application_create(*, user: User, initiative: Initiative, data: dict[str, Any]) -> Application:
    """Add an application of ``initiative`` to a programme of its catalogue from validated ``data``
    (which names the ``programme``). Without a deadline it takes the programme's closing date."""
    require_edit(user, initiative)
    values = dict(data)
    programme = values.pop("programme", None)
    _check_fields(values, APPLICATION_FIELDS, "application")
    _check_programme(initiative, programme)
    if values.get("deadline") is None:
        values["deadline"] = programme.closes  # type: ignore[union-attr]
    application = Application(initiative=initiative, programme=programme, **_as_stored(Application, values))
    application.full_clean()
    application.save()
    audit_created(
        actor=user, organisation=initiative.organisation, instance=application, initiative_id=initiative.pk
    )
    return application


@transaction.atomic
def application_update(
    *, user: User, application: Application, expected_version: int, data: dict[str, Any]
) -> Application:
    """Apply validated ``data`` to ``application`` if nobody changed it since ``expected_version``; a
    change of stage is audited with the other changes."""
    initiative = application.initiative
    require_edit(user, initiative)
    _check_fields(data, APPLICATION_FIELDS, "application")
    claim_version(application, expected_version)
    return update_with_audit(
        actor=user,
        organisation=initiative.organisation,
        instance=application,
        fields=APPLICATION_FIELDS,
        data=_as_stored(Application, data),
        initiative_id=initiative.pk,
    )


def clean_checklist(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a checklist as stored: a list of ``{"item": text, "done": bool}``, or raise ValidationError."""
    if not isinstance(items, list) or len(items) > MAX_CHECKLIST:
        raise ValidationError(_("A checklist holds at most %(n)d items.") % {"n": MAX_CHECKLIST})
    cleaned = []
    for entry in items:
        text = " ".join(str(entry.get("item", "")).split()) if isinstance(entry, dict) else ""
        if not text or len(text) > MAX_CHECKLIST_ITEM:
            raise ValidationError(
                _("Each item needs a name of at most %(n)d characters.") % {"n": MAX_CHECKLIST_ITEM}
            )
        cleaned.append({"item": text, "done": bool(entry.get("done"))})
    return cleaned


@transaction.atomic
def application_checklist_set(
    *, user: User, application: Application, expected_version: int, checklist: list[dict[str, Any]]
) -> Application:
    """Replace the document checklist of ``application`` if nobody changed it since ``expected_version``."""
    initiative = application.initiative
    require_edit(user, initiative)
    items = clean_checklist(checklist)
    claim_version(application, expected_version)
    return update_with_audit(
        actor=user,
        organisation=initiative.organisation,
        instance=application,
        fields=("checklist",),
        data={"checklist": items},
        initiative_id=initiative.pk,
    )


@transaction.atomic
def application_delete(*, user: User, application: Application, expected_version: int) -> None:
    """Remove ``application`` if it is still as the person confirming saw it; the audit trail keeps it."""
    initiative = application.initiative
    require_edit(user, initiative)
    claim_version(application, expected_version)
    audit_deleted(
        actor=user, organisation=initiative.organisation, instance=application, initiative_id=initiative.pk
    )
    application.delete()


@transaction.atomic
def source_create(*, user: User, initiative: Initiative, data: dict[str, Any]) -> FundingSource:
    """Add a funding source (own budget, partner, financing) to ``initiative`` from validated ``data``."""
    require_edit(user, initiative)
    _check_fields(data, SOURCE_FIELDS, "funding source")
    source = FundingSource(initiative=initiative, **_as_stored(FundingSource, data))
    source.full_clean()
    source.save()
    audit_created(
        actor=user, organisation=initiative.organisation, instance=source, initiative_id=initiative.pk
    )
    return source


@transaction.atomic
def source_update(*, user: User, source: FundingSource, data: dict[str, Any]) -> FundingSource:
    """Apply validated ``data`` to a funding source of an initiative the user may edit."""
    initiative = source.initiative
    require_edit(user, initiative)
    _check_fields(data, SOURCE_FIELDS, "funding source")
    return update_with_audit(
        actor=user,
        organisation=initiative.organisation,
        instance=source,
        fields=SOURCE_FIELDS,
        data=_as_stored(FundingSource, data),
        initiative_id=initiative.pk,
    )


@transaction.atomic
def source_delete(*, user: User, source: FundingSource) -> None:
    initiative = source.initiative
    require_edit(user, initiative)
    audit_deleted(
        actor=user, organisation=initiative.organisation, instance=source, initiative_id=initiative.pk
    )
    source.delete()
