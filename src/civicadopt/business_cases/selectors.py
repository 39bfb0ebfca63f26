"""Reads of business cases, scoped through the initiative to the user's organisations."""

from django.http import Http404

from civicadopt.accounts.models import Organisation, User
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.selectors import initiative_get

from .models import BusinessCase, CalculationRun


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
