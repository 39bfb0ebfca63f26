"""Reads of risk registers, always scoped through the initiative to the user's organisations."""

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404

from civicadopt.accounts.models import Organisation, User
from civicadopt.initiatives.models import Initiative

from .models import Risk, RiskMatrix, Status


@dataclass(frozen=True)
class RiskFilters:
    """Filters and order of the register; every field is optional.

    ``owner`` is ``user-<id>`` for a member or ``name-<text>`` for a name typed in; ``rating`` is the
    rating after the response.
    """

    status: str = ""
    category: str = ""
    rating: str = ""
    owner: str = ""
    overdue: bool = False
    order: str = "number"


ORDERINGS: dict[str, tuple[object, ...]] = {
    "number": ("number",),
    "-residual": ("-residual_score", "-emv", "number"),
    "-inherent": ("-inherent_score", "-inherent_emv", "number"),
    "-emv": ("-emv", "number"),
    "review": (F("review_date").asc(nulls_last=True), "number"),
    "title": ("title", "number"),
    "category": ("category", "number"),
}


def _visible(user: User) -> QuerySet[Risk]:
    return Risk.objects.filter(initiative__organisation__memberships__user=user)


def _overdue(today: date) -> Q:
    return Q(review_date__lt=today) & ~Q(status=Status.CLOSED)


def risk_list(
    *, user: User, initiative: Initiative, today: date, filters: RiskFilters | None = None
) -> QuerySet[Risk]:
    """Return the risks of ``initiative`` that ``user`` may see, filtered and ordered, each annotated
    with ``is_overdue`` (its review date has passed and it is not closed, as of ``today``)."""
    filters = filters or RiskFilters()
    risks = _visible(user).filter(initiative=initiative).select_related("owner")
    if filters.status:
        risks = risks.filter(status=filters.status)
    if filters.category:
        risks = risks.filter(category=filters.category)
    if filters.rating:
        risks = risks.filter(residual_rating=filters.rating)
    if filters.owner.startswith("user-") and filters.owner[5:].isdigit():
        risks = risks.filter(owner_id=int(filters.owner[5:]))
    elif filters.owner.startswith("name-"):
        risks = risks.filter(owner__isnull=True, owner_name=filters.owner[5:])
    if filters.overdue:
        risks = risks.filter(_overdue(today))
    risks = risks.annotate(
        is_overdue=ExpressionWrapper(Q(review_date__isnull=False) & _overdue(today), BooleanField())
    )
    return risks.order_by(*ORDERINGS.get(filters.order, ORDERINGS["number"]))  # type: ignore[misc]


def risk_get(*, user: User, initiative: Initiative, pk: int) -> Risk:
    """Return risk ``pk`` of ``initiative`` if ``user`` may see it; Http404 otherwise (also for others')."""
    risk = _visible(user).filter(initiative=initiative, pk=pk).select_related("owner").first()
    if risk is None:
        raise Http404
    risk.initiative = initiative
    return risk


def owner_choices(*, initiative: Initiative) -> list[tuple[str, str]]:
    """Return the owners that appear in the register, as filter choices (value, label)."""
    risks = Risk.objects.filter(initiative=initiative)
    users = {
        (f"user-{risk.owner_id}", risk.owner.display_name)
        for risk in risks.filter(owner__isnull=False).select_related("owner")
    }
    names = {
        (f"name-{name}", name)
        for name in risks.filter(owner__isnull=True)
        .exclude(owner_name="")
        .values_list("owner_name", flat=True)
    }
    return sorted(users | names, key=lambda choice: choice[1].casefold())


def matrix_for(*, organisation: Organisation) -> RiskMatrix:
    """Return the organisation's matrix, or the default one (not saved) when it has none yet."""
    matrix = RiskMatrix.objects.filter(organisation=organisation).first()
    return matrix if matrix is not None else RiskMatrix(organisation=organisation)


def risks_for_simulation(*, initiative: Initiative) -> QuerySet[Risk]:
    """Return the risks of an initiative (already loaded through a selector) that are not closed, with
    their tasks, ready for ``mapping.to_risk_events``."""
    return initiative.risks.exclude(status=Status.CLOSED).prefetch_related("tasks")  # type: ignore[attr-defined, no-any-return]


def top_risks(initiative: Initiative, n: int = 5) -> list[Risk]:
    """Return the ``n`` most serious open risks of an initiative (already loaded through a selector):
    highest rating after the response first, then highest expected monetary value, then number."""
    return list(
        Risk.objects.filter(initiative=initiative, status=Status.OPEN)
        .select_related("owner")
        .order_by("-residual_score", "-emv", "number")[:n]
    )
