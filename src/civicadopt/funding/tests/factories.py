"""Programmes, applications and funding sources for tests, with explicit money and dates wherever a test
asserts a number."""

from datetime import date
from decimal import Decimal
from typing import Any

from civicadopt.accounts.models import Organisation, User
from civicadopt.initiatives.models import Initiative

from .. import services
from ..models import Application, FundingSource, Programme, Source


def shared_programme(**data: Any) -> Programme:
    """Add a shared Grants.gov programme directly, as the Grants.gov import does (no organisation)."""
    values: dict[str, Any] = {
        "source": Source.GRANTS_GOV,
        "opportunity_id": str(Programme.objects.count() + 350_000),
        "opportunity_number": "FR-6800-N-01",
        "funder": "Department of Housing and Urban Development",
        "name": "Community Development Block Grant",
        "applicant_types": ["01", "02"],
        "categories": ["CD"],
        "award_floor": Decimal(100_000),
        "award_ceiling": Decimal(2_000_000),
        "opens": date(2026, 1, 15),
        "closes": date(2026, 6, 30),
        "description": "Grants to develop viable urban communities.",
        **data,
    }
    return Programme.objects.create(**values)


def own_programme(organisation: Organisation, user: User, **data: Any) -> Programme:
    """Add a programme of ``organisation``'s own through the service: a state broadband grant."""
    values: dict[str, Any] = {
        "funder": "Ohio Department of Development",
        "name": "Ohio Broadband Expansion Grant",
        "kind": "grant",
        "applicant_types": ["02"],
        "geography": "US-OH",
        "categories": ["ST"],
        "award_ceiling": Decimal(500_000),
        "match_percent": Decimal(25),
        "cost_sharing": True,
        "opens": date(2026, 2, 1),
        "closes": date(2026, 9, 30),
        **data,
    }
    return services.programme_create(user=user, organisation=organisation, data=values)


def application(initiative: Initiative, user: User, programme: Programme, **data: Any) -> Application:
    """Add an application through the service: 200,000 requested at 40%, FY2027 unless ``data`` says."""
    values: dict[str, Any] = {
        "programme": programme,
        "requested": Decimal(200_000),
        "match_committed": Decimal(50_000),
        "probability": Decimal("0.4"),
        "fiscal_year": 2027,
        **data,
    }
    return services.application_create(user=user, initiative=initiative, data=values)


def source(initiative: Initiative, user: User, **data: Any) -> FundingSource:
    values: dict[str, Any] = {
        "kind": "own_budget",
        "name": "General fund",
        "fiscal_year": 2027,
        "amount": Decimal(120_000),
        "committed": True,
        **data,
    }
    return services.source_create(user=user, initiative=initiative, data=values)
