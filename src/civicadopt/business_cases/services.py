"""Writes to business cases: each in one transaction with its audit entry, permissions checked here.

Who may edit a business case is who may edit its initiative (``initiatives.permissions.can_edit``).
"""

import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from civicadopt.accounts.models import User
from civicadopt.audit.services import (
    audit_created,
    audit_deleted,
    audit_record,
    update_with_audit,
)
from civicadopt.concurrency import claim_version
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.permissions import require_edit
from civicadopt_core.finance import Timing

from . import mapping
from .appraisal import METHOD_VERSION, OptionInput, appraise_case
from .models import AffordabilityBudget, Assumption, BusinessCase, CalculationRun, Line, Option, Snapshot

CASE_FIELDS = (
    "stage", "price_base_year", "first_year", "prices", "inflation", "schedule", "discount_rate",
    "discount_rate_source", "timing", "project_type", "optimism_mitigation", "horizon_years",
)  # fmt: skip
OPTION_FIELDS = ("name", "description", "position")
LINE_FIELDS = ("kind", "category", "name", "year", "amount", "low", "high", "distribution", "group")
ASSUMPTION_FIELDS = ("name", "value", "source", "notes")
DEFAULT_ITERATIONS = 10_000


def _audit_create(user: User, case: BusinessCase, instance: models.Model) -> None:
    audit_created(
        actor=user,
        organisation=case.initiative.organisation,
        instance=instance,
        initiative_id=case.initiative_id,
    )


def audit_summary(
    user: User, case: BusinessCase, instance: models.Model, values: dict[str, Any], action: str = "create"
) -> None:
    """Audit the creation of a record whose full contents (a run's inputs and results) are too big to copy."""
    audit_record(
        actor=user,
        organisation=case.initiative.organisation,
        instance=instance,
        action="create",
        changes={name: [None, value] for name, value in values.items()},
        initiative_id=case.initiative_id,
    )


def _save_new(user: User, case: BusinessCase, instance: models.Model) -> Any:
    instance.full_clean()
    instance.save()
    _audit_create(user, case, instance)
    return instance


def _update(
    user: User, case: BusinessCase, instance: Any, fields: tuple[str, ...], data: dict[str, Any]
) -> Any:
    return update_with_audit(
        actor=user,
        organisation=case.initiative.organisation,
        instance=instance,
        fields=fields,
        data=data,
        initiative_id=case.initiative_id,
    )


def _delete(user: User, case: BusinessCase, instance: models.Model) -> None:
    audit_deleted(
        actor=user,
        organisation=case.initiative.organisation,
        instance=instance,
        initiative_id=case.initiative_id,
    )
    instance.delete()


@transaction.atomic
def business_case_create(*, user: User, initiative: Initiative, data: dict[str, Any]) -> BusinessCase:
    """Start the business case of ``initiative``, with its business-as-usual option."""
    require_edit(user, initiative)
    if BusinessCase.objects.filter(initiative=initiative).exists():
        raise ValidationError(_("This initiative already has a business case."))
    case = BusinessCase(initiative=initiative, **{name: data[name] for name in CASE_FIELDS if name in data})
    _save_new(user, case, case)
    _save_new(user, case, Option(business_case=case, name=_("Business as usual"), is_business_as_usual=True))
    return case


@transaction.atomic
def business_case_update(
    *, user: User, case: BusinessCase, expected_version: int, data: dict[str, Any]
) -> BusinessCase:
    require_edit(user, case.initiative)
    horizon = data.get("horizon_years")
    if horizon is not None:
        late = (
            Line.objects.filter(option__business_case=case, year__gt=horizon)
            .select_related("option")
            .order_by("-year", "name")
            .first()
        )
        if late is not None:
            raise ValidationError({"horizon_years": _(
                "The line “%(name)s” of %(option)s is in year %(year)d, after year %(horizon)d. "
                "Move or delete it first, or keep a longer appraisal period."
            ) % {"name": late.name, "option": late.option.name, "year": late.year, "horizon": horizon}})  # fmt: skip
    claim_version(case, expected_version)
    return _update(user, case, case, CASE_FIELDS, data)


@transaction.atomic
def option_create(*, user: User, case: BusinessCase, data: dict[str, Any]) -> Option:
    require_edit(user, case.initiative)
    position = data.get("position", case.options.count())
    values = {name: data[name] for name in OPTION_FIELDS if name in data} | {"position": position}
    return _save_new(user, case, Option(business_case=case, **values))


@transaction.atomic
def option_update(*, user: User, option: Option, data: dict[str, Any]) -> Option:
    case = option.business_case
    require_edit(user, case.initiative)
    return _update(user, case, option, OPTION_FIELDS, data)


@transaction.atomic
def option_delete(*, user: User, option: Option) -> None:
    case = option.business_case
    require_edit(user, case.initiative)
    if option.is_business_as_usual:
        raise ValidationError(_("Business as usual is the baseline every option is compared with; it stays."))
    _delete(user, case, option)


@transaction.atomic
def line_create(*, user: User, option: Option, data: dict[str, Any]) -> Line:
    case = option.business_case
    require_edit(user, case.initiative)
    return _save_new(
        user, case, Line(option=option, **{name: data[name] for name in LINE_FIELDS if name in data})
    )


@transaction.atomic
def line_update(*, user: User, line: Line, data: dict[str, Any]) -> Line:
    case = line.option.business_case
    require_edit(user, case.initiative)
    return _update(user, case, line, LINE_FIELDS, data)


@transaction.atomic
def line_delete(*, user: User, line: Line) -> None:
    case = line.option.business_case
    require_edit(user, case.initiative)
    _delete(user, case, line)


@transaction.atomic
def lines_copy(*, user: User, lines: list[Line], to_option: Option) -> list[Line]:
    """Copy ``lines`` (of the same business case) into ``to_option``."""
    case = to_option.business_case
    require_edit(user, case.initiative)
    if any(line.option.business_case_id != case.pk for line in lines):
        raise ValidationError(_("Lines can only be copied within one business case."))
    return [
        _save_new(user, case, Line(option=to_option, **{name: getattr(line, name) for name in LINE_FIELDS}))
        for line in lines
    ]


@transaction.atomic
def assumption_create(*, user: User, case: BusinessCase, data: dict[str, Any]) -> Assumption:
    require_edit(user, case.initiative)
    return _save_new(
        user, case, Assumption(business_case=case, **{k: data[k] for k in ASSUMPTION_FIELDS if k in data})
    )


@transaction.atomic
def assumption_update(*, user: User, assumption: Assumption, data: dict[str, Any]) -> Assumption:
    case = assumption.business_case
    require_edit(user, case.initiative)
    return _update(user, case, assumption, ASSUMPTION_FIELDS, data)


@transaction.atomic
def assumption_delete(*, user: User, assumption: Assumption) -> None:
    case = assumption.business_case
    require_edit(user, case.initiative)
    _delete(user, case, assumption)


@transaction.atomic
def budget_set(*, user: User, case: BusinessCase, fiscal_year: int, amount: Any) -> AffordabilityBudget:
    """Record the money available in ``fiscal_year`` (replacing an earlier figure for that year)."""
    require_edit(user, case.initiative)
    existing = case.budgets.filter(fiscal_year=fiscal_year).first()
    if existing is not None:
        return _update(user, case, existing, ("amount",), {"amount": amount})
    return _save_new(
        user, case, AffordabilityBudget(business_case=case, fiscal_year=fiscal_year, amount=amount)
    )


@transaction.atomic
def budget_delete(*, user: User, budget: AffordabilityBudget) -> None:
    case = budget.business_case
    require_edit(user, case.initiative)
    _delete(user, case, budget)


def _setting_text(case: BusinessCase, name: str) -> str:
    """Return a setting as canonical text (decimals at their stored precision: 0.1 is "0.1000")."""
    field = BusinessCase._meta.get_field(name)
    value = getattr(case, name)
    if isinstance(field, models.DecimalField) and value is not None:
        return str(Decimal(value).quantize(Decimal(10) ** -field.decimal_places))
    return str(value)


def case_inputs(case: BusinessCase) -> dict[str, Any]:
    """Return everything a calculation depends on, as JSON (stored with the run, to reproduce it)."""
    return {
        "settings": {name: _setting_text(case, name) for name in CASE_FIELDS},
        "options": [
            {"name": option.name, "is_business_as_usual": option.is_business_as_usual}
            for option in case.options.all()
        ],
        "lines": [
            {
                name: (None if getattr(line, name) is None else str(getattr(line, name)))
                for name in ("option", *LINE_FIELDS)
            }
            for line in mapping.to_core_lines(case)
        ],
    }


@transaction.atomic
def business_case_calculate(
    *, user: User, case: BusinessCase, iterations: int = DEFAULT_ITERATIONS, seed: int | None = None
) -> CalculationRun:
    """Appraise every option (with the simulation when any line has a range) and store the run."""
    require_edit(user, case.initiative)
    lines = mapping.to_core_lines(case)
    if not lines:
        raise ValidationError(_("Add at least one cost or benefit line before calculating."))
    if seed is None:
        seed = _case_seed(user, case)
    elif case.simulation_seed is None:
        _store_seed(user, case, seed)  # the first calculation's seed becomes the case's, even if named
    uncertain = any(line.uncertain for line in lines)
    try:
        results = appraise_case(
            lines=lines,
            options=[OptionInput(o.name, o.is_business_as_usual) for o in case.options.all()],
            schedule=mapping.to_schedule(case),
            timing=Timing(case.timing),
            bias=mapping.to_optimism_bias(case),
            iterations=iterations if uncertain else 0,
            seed=seed,
        )
    except ValueError as exc:
        # The core refuses inputs it cannot compute (e.g. a lognormal range from zero stored earlier).
        raise ValidationError(str(exc)) from exc
    run = CalculationRun(
        business_case=case,
        created_by=user,
        method_version=METHOD_VERSION,
        seed=seed if uncertain else None,
        iterations=iterations if uncertain else 0,
        inputs=case_inputs(case),
        results=results,
    )
    run.save()
    audit_summary(
        user,
        case,
        run,
        {"method_version": run.method_version, "seed": run.seed, "iterations": run.iterations},
    )
    return run


def _new_seed() -> int:
    return secrets.randbelow(2**31)


def _store_seed(user: User, case: BusinessCase, seed: int) -> None:
    # A direct update: the seed is not a setting people edit, so it must not bump the version that
    # guards the settings form (someone editing the settings meanwhile would get a false conflict).
    old = BusinessCase.objects.filter(pk=case.pk).values_list("simulation_seed", flat=True).first()
    BusinessCase.objects.filter(pk=case.pk).update(simulation_seed=seed)
    case.simulation_seed = seed
    audit_record(
        actor=user,
        organisation=case.initiative.organisation,
        instance=case,
        action="update",
        changes={"simulation_seed": [old, seed]},
        initiative_id=case.initiative_id,
    )


def _case_seed(user: User, case: BusinessCase) -> int:
    """Return the case's simulation seed, drawing and keeping one at the first calculation."""
    if case.simulation_seed is None:
        _store_seed(user, case, _new_seed())
    return int(case.simulation_seed)  # type: ignore[arg-type]


@transaction.atomic
def business_case_seed_draw(*, user: User, case: BusinessCase) -> int:
    """Give the case a new simulation seed (on request only: the figures of the next run will move)."""
    require_edit(user, case.initiative)
    seed = _new_seed()
    while seed == case.simulation_seed:
        seed = _new_seed()
    _store_seed(user, case, seed)
    return seed


@transaction.atomic
def preferred_option_set(
    *, user: User, case: BusinessCase, option: Option | None, rationale: str
) -> BusinessCase:
    require_edit(user, case.initiative)
    if option is not None and option.business_case_id != case.pk:
        raise ValidationError({"preferred_option": _("Choose an option of this business case.")})
    return _update(user, case, case, ("preferred_option", "preferred_rationale"), {
        "preferred_option": option, "preferred_rationale": rationale,
    })  # fmt: skip


@transaction.atomic
def snapshot_create(*, user: User, case: BusinessCase, label: str = "") -> Snapshot:
    """Freeze the business case at its current stage, with a fresh calculation run."""
    run = business_case_calculate(user=user, case=case)
    data = {
        "inputs": run.inputs,
        "assumptions": [{k: getattr(a, k) for k in ASSUMPTION_FIELDS} for a in case.assumptions.all()],
        "preferred_option": case.preferred_option.name if case.preferred_option else None,
        "preferred_rationale": case.preferred_rationale,
    }
    frozen = Snapshot.objects.create(
        business_case=case, stage=case.stage, label=label, run=run, data=data, created_by=user
    )
    audit_summary(user, case, frozen, {"stage": frozen.stage, "label": label, "run": run.pk})
    return frozen
