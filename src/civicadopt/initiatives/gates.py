"""Stage gates: what an initiative needs before it moves forward to a stage, kept as data.

Each gate names the stage it guards, says in plain words what is needed, and checks one fact of
:class:`Readiness`. Moving forward checks every gate between the current stage and the target (idea
straight to funded passes the business-case gate too); moving back, stopping or staying never does.
A manager may move past unmet gates with a note: the service records which gates were overridden.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import Initiative, Stage

# The road from idea to adoption, in order; "stopped" is off the road and has no gate.
ROAD: tuple[str, ...] = tuple(stage.value for stage in Stage if stage != Stage.STOPPED)


@dataclass(frozen=True)
class Readiness:
    """The facts the gates look at, read from the initiative's business case, funding and plan."""

    has_owner: bool
    has_business_case: bool
    has_preferred_option: bool
    has_committed_funding: bool
    plan_tasks: int
    has_baseline: bool


@dataclass(frozen=True)
class Gate:
    key: str
    stage: str
    requirement: Any  # plain words: what is needed
    met: Callable[[Readiness], bool]
    fix_url_name: str  # where to go to meet it (reversed with org and pk)


GATES: tuple[Gate, ...] = (
    Gate("owner", Stage.BUSINESS_CASE, _("An owner, who answers for the initiative."),
         lambda r: r.has_owner, "initiatives:update"),
    Gate("business_case", Stage.FUNDED, _("A business case, started."),
         lambda r: r.has_business_case, "business_cases:overview"),
    Gate("preferred_option", Stage.FUNDED, _("A preferred option, chosen in the business case."),
         lambda r: r.has_preferred_option, "business_cases:overview"),
    Gate("committed_funding", Stage.FUNDED,
         _("Committed funding: own budget or partner money marked committed, or an awarded grant."),
         lambda r: r.has_committed_funding, "funding:plan"),
    Gate("plan_tasks", Stage.PLANNED, _("Tasks in the implementation plan."),
         lambda r: r.plan_tasks > 0, "planning:plan"),
    Gate("baseline", Stage.DELIVERING, _("A saved baseline of the plan, to measure progress against."),
         lambda r: r.has_baseline, "planning:plan"),
)  # fmt: skip


def gates_between(from_stage: str, to_stage: str) -> list[Gate]:
    """Return the gates a move from ``from_stage`` to ``to_stage`` must pass (none unless it moves forward)."""
    if from_stage not in ROAD or to_stage not in ROAD:
        return []
    start, end = ROAD.index(from_stage), ROAD.index(to_stage)
    if end <= start:
        return []
    passed = set(ROAD[start + 1 : end + 1])
    return [gate for gate in GATES if gate.stage in passed]


def gates_of(stage: str) -> list[Gate]:
    """Return the gates that guard ``stage`` itself (not those of the stages before it)."""
    return [gate for gate in GATES if gate.stage == stage]


def unmet_gates(readiness: Readiness, *, from_stage: str, to_stage: str) -> list[Gate]:
    """Return the gates of the move that ``readiness`` does not meet, in order."""
    return [gate for gate in gates_between(from_stage, to_stage) if not gate.met(readiness)]


def readiness_of(initiative: Initiative) -> Readiness:
    """Read the facts the gates check, for an initiative already loaded through a selector (5 queries)."""
    # Imported here: those apps import initiatives' models, so a module-level import would be circular.
    from civicadopt.business_cases.selectors import business_case_for
    from civicadopt.funding.plan import source_lines
    from civicadopt.planning.models import Plan

    case = business_case_for(initiative=initiative)
    plan = Plan.objects.filter(initiative=initiative).first()
    return Readiness(
        has_owner=initiative.owner_id is not None,
        has_business_case=case is not None,
        has_preferred_option=case is not None and case.preferred_option_id is not None,
        has_committed_funding=any(line.committed for line in source_lines(initiative)),
        plan_tasks=plan.tasks.count() if plan is not None else 0,
        has_baseline=plan is not None and plan.baseline_set_at is not None,
    )


def gate_checklist(readiness: Readiness, *, from_stage: str, to_stage: str) -> list[tuple[Gate, bool]]:
    """Return each gate of the move with whether it is met, for the stage form's checklist."""
    return [(gate, gate.met(readiness)) for gate in gates_between(from_stage, to_stage)]


def next_stage(stage: str) -> str | None:
    """Return the stage after ``stage`` on the road, or None at the end (and for "stopped")."""
    if stage not in ROAD or stage == ROAD[-1]:
        return None
    return ROAD[ROAD.index(stage) + 1]
