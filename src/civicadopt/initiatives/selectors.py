"""Reads of initiatives, always scoped to the organisations the requesting user belongs to."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from civicadopt.accounts.models import Organisation, User

from .models import Initiative, Stage, StageChange, Status


@dataclass(frozen=True)
class InitiativeFilters:
    """Search, filters and order of the initiative list; every field is optional."""

    q: str = ""
    stage: str = ""
    status: str = ""
    department: int | None = None
    tag: str = ""
    goal: int | None = None
    order: str = "title"


ORDERINGS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "-title": ("-title",),
    "stage": ("stage_rank", "title"),
    "-stage": ("-stage_rank", "title"),
    "updated": ("updated_at", "title"),
    "-updated": ("-updated_at", "title"),
    "department": ("department__name", "title"),
}


def _visible(user: User) -> QuerySet[Initiative]:
    return Initiative.objects.filter(organisation__memberships__user=user)


def initiative_list(
    *, user: User, organisation: Organisation, filters: InitiativeFilters | None = None
) -> QuerySet[Initiative]:
    """Return the initiatives of ``organisation`` that ``user`` may see, searched, filtered and ordered."""
    filters = filters or InitiativeFilters()
    initiatives = (
        _visible(user)
        .filter(organisation=organisation)
        .select_related("department", "owner")
        .prefetch_related("tags")
    )
    if filters.q:
        initiatives = initiatives.filter(
            Q(title__icontains=filters.q) | Q(problem_statement__icontains=filters.q)
        )
    if filters.stage:
        initiatives = initiatives.filter(stage=filters.stage)
    if filters.status:
        initiatives = initiatives.filter(status=filters.status)
    if filters.department:
        initiatives = initiatives.filter(department_id=filters.department)
    if filters.tag:
        initiatives = initiatives.filter(tags__name=filters.tag)
    if filters.goal:
        initiatives = initiatives.filter(goals__id=filters.goal)
    # Stages sort in their natural order (idea first), not alphabetically.
    stage_rank = Case(
        *(When(stage=stage.value, then=Value(rank)) for rank, stage in enumerate(Stage)),
        output_field=IntegerField(),
    )
    return initiatives.annotate(stage_rank=stage_rank).order_by(*ORDERINGS.get(filters.order, ("title",)))


def initiative_get(*, user: User, pk: int, organisation: Organisation | None = None) -> Initiative:
    """Return the initiative ``pk`` if ``user`` may see it (and it belongs to ``organisation`` when given).

    Raise Http404 otherwise: another organisation's initiative must look exactly like a missing one.
    """
    initiatives = _visible(user).select_related("organisation", "department", "owner")
    if organisation is not None:
        initiatives = initiatives.filter(organisation=organisation)
    try:
        return initiatives.get(pk=pk)
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc


def initiative_api_list(*, user: User) -> QuerySet[Initiative]:
    """Return every initiative in every organisation ``user`` belongs to (for the API)."""
    return (
        _visible(user)
        .select_related("organisation", "department", "owner")
        .prefetch_related("tags", "goals")
        .order_by("organisation__name", "title")
    )


def stage_history(*, initiative: Initiative) -> QuerySet[StageChange]:
    return initiative.stage_changes.select_related("changed_by")


def stage_counts(*, user: User, organisation: Organisation) -> dict[str, int]:
    """Return how many of the organisation's initiatives are at each stage (every stage present)."""
    rows = _visible(user).filter(organisation=organisation).values("stage").annotate(n=Count("id")).order_by()
    counts = {stage.value: 0 for stage in Stage}
    counts.update({row["stage"]: row["n"] for row in rows})
    return counts


def status_counts(*, user: User, organisation: Organisation) -> dict[str, int]:
    rows = (
        _visible(user)
        .filter(organisation=organisation)
        .exclude(stage__in=[Stage.ADOPTED, Stage.STOPPED])
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {status.value: 0 for status in Status}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
