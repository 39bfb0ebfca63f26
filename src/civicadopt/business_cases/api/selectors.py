"""Reads for the business-case API, every one scoped through the initiative to the user's organisations.

A record of an organisation the user does not belong to raises Http404, exactly like a missing one.
"""

from django.db.models import QuerySet
from django.http import Http404

from civicadopt.accounts.models import User

from ..models import BusinessCase, CalculationRun, Line, Option
from ..selectors import business_case_api_list


def business_case_api_search(*, user: User, initiative_id: int | None = None) -> QuerySet[BusinessCase]:
    """Return the business cases ``user`` may see, optionally only the one of initiative ``initiative_id``."""
    cases = business_case_api_list(user=user)
    if initiative_id is not None:
        cases = cases.filter(initiative_id=initiative_id)
    # The primary key last: page boundaries must not move when two titles are equal.
    return cases.order_by("initiative__organisation__name", "initiative__title", "pk")


def business_case_api_get(*, user: User, pk: int) -> BusinessCase:
    try:
        return business_case_api_list(user=user).get(pk=pk)
    except BusinessCase.DoesNotExist as exc:
        raise Http404 from exc


def option_api_list(*, case: BusinessCase) -> QuerySet[Option]:
    """Return the options of a case the caller has already loaded through a selector, in their order."""
    return case.options.order_by("position", "id")


def option_api_get(*, user: User, pk: int) -> Option:
    options = Option.objects.filter(business_case__initiative__organisation__memberships__user=user)
    try:
        return options.select_related("business_case__initiative__organisation").get(pk=pk)
    except Option.DoesNotExist as exc:
        raise Http404 from exc


def line_api_list(*, option: Option) -> QuerySet[Line]:
    """Return the lines of an option the caller has already loaded through a selector."""
    return option.lines.order_by("kind", "year", "name", "id")


def line_api_get(*, user: User, pk: int) -> Line:
    lines = Line.objects.filter(option__business_case__initiative__organisation__memberships__user=user)
    try:
        return lines.select_related("option__business_case__initiative__organisation").get(pk=pk)
    except Line.DoesNotExist as exc:
        raise Http404 from exc


def run_api_list(*, case: BusinessCase) -> QuerySet[CalculationRun]:
    """Return the runs of a case the caller has already loaded, newest first, without their big JSON."""
    return case.runs.defer("inputs", "results").order_by("-created_at", "-id")


def run_api_get(*, user: User, pk: int) -> CalculationRun:
    runs = CalculationRun.objects.filter(business_case__initiative__organisation__memberships__user=user)
    try:
        return runs.get(pk=pk)
    except CalculationRun.DoesNotExist as exc:
        raise Http404 from exc
