"""The demo funding data: a SAMPLE catalogue (shared federal entries as if imported from Grants.gov, and
the demo city's own), funding profiles, applications and funding sources.

Idempotent: shared programmes are matched by opportunity id and the city's by name; profiles, applications
and sources are added only where an organisation or initiative has none yet (people may be editing them).
The city's records go through the services, so they have real audit entries; the shared catalogue has no
organisation to audit under, exactly as a Grants.gov import.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from civicadopt.accounts.models import Membership, Organisation
from civicadopt.accounts.roles import Role
from civicadopt.initiatives.models import Initiative

from . import services
from .models import Application, FundingProfile, FundingSource, Programme, Source

DATA_FILE = Path(__file__).resolve().parent / "demo" / "funding.json"
PROGRAMME_KEYS = (*services.PROGRAMME_FIELDS,)
DECIMALS = ("award_floor", "award_ceiling", "total_funding", "match_percent", "requested", "match_committed",
            "probability", "amount")  # fmt: skip
DATES = ("opens", "closes", "posted", "deadline")


def _values(entry: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in keys:
        if key not in entry:
            continue
        value = entry[key]
        if key in DECIMALS and value is not None:
            value = Decimal(str(value))
        elif key in DATES and value:
            value = dt.date.fromisoformat(value)
        values[key] = value
    return values


def _admin(organisation: Organisation) -> Any:
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN).select_related("user").first()
    )
    return membership.user if membership else None


def load_demo_funding(data: dict[str, Any] | None = None) -> int:
    """Add the demo funding records that do not exist yet; return how many programmes were added."""
    data = data or json.loads(DATA_FILE.read_text(encoding="utf-8"))
    organisations = {o.slug: o for o in Organisation.objects.all()}
    added = 0
    for entry in data["programmes"]:
        owner = organisations.get(entry["organisation"]) if entry.get("organisation") else None
        if entry.get("organisation") and owner is None:
            continue
        values = _values(entry, PROGRAMME_KEYS)
        if owner is None:
            if Programme.objects.filter(
                source=Source.GRANTS_GOV, opportunity_id=entry["opportunity_id"]
            ).exists():
                continue
            extra = {
                k: entry.get(k, "")
                for k in ("opportunity_id", "opportunity_number", "source_version", "agency_code")
            }
            programme = Programme(organisation=None, source=Source.GRANTS_GOV, instruments=entry.get("instruments", []),
                                  posted=_values(entry, ("posted",)).get("posted"), **extra, **values)  # fmt: skip
            programme.full_clean()
            programme.save()
            added += 1
        elif not Programme.objects.filter(organisation=owner, name=entry["name"]).exists():
            user = _admin(owner)
            if user is not None:
                services.programme_create(user=user, organisation=owner, data=values)
                added += 1
    for entry in data.get("profiles", []):
        organisation = organisations.get(entry["organisation"])
        user = _admin(organisation) if organisation else None
        if (
            organisation is None
            or user is None
            or FundingProfile.objects.filter(organisation=organisation).exists()
        ):
            continue
        services.profile_update(
            user=user, organisation=organisation, expected_version=1,
            data={k: entry[k] for k in services.PROFILE_FIELDS if k in entry},
        )  # fmt: skip
        for year, amount in entry.get("match_funds", {}).items():
            services.match_funds_set(
                user=user, organisation=organisation, fiscal_year=int(year), amount=Decimal(amount)
            )
    _applications_and_sources(data, organisations)
    return added


def _applications_and_sources(data: dict[str, Any], organisations: dict[str, Organisation]) -> None:
    initiatives = {
        (i.organisation.slug, i.title): i for i in Initiative.objects.select_related("organisation")
    }
    started = {i for i in initiatives.values() if Application.objects.filter(initiative=i).exists()}
    funded = {i for i in initiatives.values() if FundingSource.objects.filter(initiative=i).exists()}
    for entry in data.get("applications", []):
        initiative = initiatives.get((entry["organisation"], entry["initiative"]))
        if initiative is None or initiative in started:
            continue
        programme = Programme.objects.filter(name=entry["programme"]).first()
        user = _admin(initiative.organisation)
        if programme is None or user is None:
            continue
        values = _values(entry, services.APPLICATION_FIELDS)
        application = services.application_create(
            user=user, initiative=initiative, data={**values, "programme": programme}
        )
        if entry.get("checklist"):
            services.application_checklist_set(
                user=user,
                application=application,
                expected_version=application.version,
                checklist=entry["checklist"],
            )
    for entry in data.get("sources", []):
        initiative = initiatives.get((entry["organisation"], entry["initiative"]))
        if initiative is None or initiative in funded:
            continue
        user = _admin(initiative.organisation)
        if user is not None:
            services.source_create(
                user=user, initiative=initiative, data=_values(entry, services.SOURCE_FIELDS)
            )
