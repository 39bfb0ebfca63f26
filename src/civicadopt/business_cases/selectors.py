"""Reads of business cases, scoped through the initiative to the user's organisations."""

from typing import Any

from django.db.models import Count, Min
from django.db.models.functions import Lower
from django.http import Http404

from civicadopt.accounts.models import Organisation, User
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.selectors import initiative_get

from .models import BusinessCase, CalculationRun, Option


def business_case_for(*, initiative: Initiative) -> BusinessCase | None:
    """Return the business case of an initiative the caller has already loaded through a selector."""
    return BusinessCase.objects.filter(initiative=initiative).select_related("preferred_option").first()


def business_case_get(*, user: User, organisation: Organisation, initiative_pk: int) -> BusinessCase:
    """Return the business case of initiative ``initiative_pk``, or raise Http404 (also for other orgs)."""
    initiative = initiative_get(user=user, pk=initiative_pk, organisation=organisation)
    case = business_case_for(initiative=initiative)
    if case is None:
        raise Http404
    return case


def business_case_api_list(*, user: User):  # type: ignore[no-untyped-def]
    return BusinessCase.objects.filter(initiative__organisation__memberships__user=user).select_related(
        "initiative", "initiative__organisation"
    )


def latest_run(*, case: BusinessCase) -> CalculationRun | None:
    return case.runs.order_by("-created_at", "-id").first()


def duplicate_lines(*, option: Option) -> list[dict[str, Any]]:
    """Return the lines of ``option`` entered more than once (same kind, category, name and year).

    A duplicate is allowed (two licences of the same name can be real) but is shown, because a line
    counted twice by mistake inflates the costs or benefits a council reads.
    """
    return list(
        option.lines.annotate(key_name=Lower("name"))
        .values("kind", "category", "key_name", "year")
        .annotate(count=Count("id"), name=Min("name"))
        .filter(count__gt=1)
        .order_by("year", "key_name")
        .values("name", "year", "count")
    )
