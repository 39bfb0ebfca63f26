"""A small plan for tests: a phase with three tasks (one with an estimate), a milestone, links of
several kinds, and a stored simulation run."""

import datetime as dt
from decimal import Decimal
from typing import Any

from civicadopt.conftest import Tenant

from .. import services


def make_plan(t: Tenant, *, simulate: bool = False) -> dict[str, Any]:
    cached = getattr(t, "_plan", None)
    if cached is not None:
        return cached
    admin = t.users["admin"]
    plan = services.plan_create(user=admin, initiative=t.initiative, data={"start": dt.date(2027, 1, 4)})
    phase = services.task_create(user=admin, plan=plan, data={"name": "Build", "duration": Decimal(0)})
    design = services.task_create(
        user=admin, plan=plan, data={"name": "Design", "duration": Decimal(5), "outline_level": 2,
                                     "optimistic": Decimal(4), "most_likely": Decimal(5), "pessimistic": Decimal(9),
                                     "cost_per_day": Decimal(600)},
    )  # fmt: skip
    build = services.task_create(
        user=admin, plan=plan, data={"name": "Configure", "duration": Decimal(10), "cost": Decimal(20000)},
        predecessors="2",
    )  # fmt: skip
    test = services.task_create(
        user=admin, plan=plan, data={"name": "Test", "duration": Decimal(4)}, predecessors="3SS+5"
    )
    live = services.task_create(
        user=admin, plan=plan, data={"name": "Go live", "duration": Decimal(0), "milestone": True,
                                     "outline_level": 1}, predecessors="3;4FF",
    )  # fmt: skip
    result = {"plan": plan, "phase": phase, "design": design, "build": build, "test": test, "live": live}
    if simulate:
        from ..simulation import simulation_run

        result["run"] = simulation_run(user=admin, plan=plan, iterations=500, seed=7)
    t._plan = result  # type: ignore[attr-defined]
    return result


START = dt.date(2027, 1, 4)  # a Monday


def empty_plan(t: Tenant, *, start: dt.date = START, **data: Any) -> Any:
    """A plan with no tasks, started by the initiative's owner (a contributor)."""
    return services.plan_create(
        user=t.users["contributor"], initiative=t.initiative, data={"start": start, **data}
    )


def add(plan: Any, name: str, duration: float = 5, *, predecessors: str = "", **data: Any) -> Any:
    """Add a task as the initiative's owner; ``after`` and ``outline_level`` pass through."""
    after = data.pop("after", None)
    task = services.task_create(
        user=plan.initiative.owner,
        plan=plan,
        data={"name": name, "duration": Decimal(str(duration)), **data},
        predecessors=predecessors,
        after=after,
    )
    return task


def outline(plan: Any) -> list[tuple[int, int, str]]:
    """The plan's rows as (row, outline level, name), in order."""
    return list(plan.tasks.order_by("row").values_list("row", "outline_level", "name"))


def member(t: Tenant, role: str, username: str) -> Any:
    """Another member of ``t``'s organisation with ``role`` (who owns nothing)."""
    from civicadopt.accounts.models import Membership, User

    user = User.objects.create_user(username=username, password="correct horse battery")
    Membership.objects.create(user=user, organisation=t.organisation, role=role)
    return user
