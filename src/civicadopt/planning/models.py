"""An initiative's implementation plan: tasks in outline order, dependencies, the working-day calendar,
baselines, progress and schedule-risk simulation runs.

Every record belongs to an organisation through its initiative (or, for holidays, directly). Durations
and lags are in working days; the scheduling maths runs in ``civicadopt_core.schedule`` and each stored
simulation keeps its inputs, seed and method version so that a report can be reproduced exactly.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.models import Organisation
from civicadopt.initiatives.models import Initiative, Phase

MONEY = {"max_digits": 16, "decimal_places": 2}
DAYS = {"max_digits": 8, "decimal_places": 2}
MAX_DAYS = Decimal("100000")


class Distribution(models.TextChoices):
    PERT = "pert", _("PERT (most likely value weighted)")
    TRIANGULAR = "triangular", _("Triangular")


class LinkType(models.TextChoices):
    FS = "FS", _("Finish to start")
    SS = "SS", _("Start to start")
    FF = "FF", _("Finish to finish")
    SF = "SF", _("Start to finish")


class Constraint(models.TextChoices):
    SNET = "SNET", _("Start no earlier than")
    FNLT = "FNLT", _("Finish no later than")


class Holiday(models.Model):
    """A day the organisation does not work (in addition to Saturdays and Sundays)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["organisation", "date"], name="holiday_unique_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class Plan(models.Model):
    """One plan per initiative: when it starts and how its uncertainty is simulated."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="plan")
    start = models.DateField(_("project start"), help_text=_("The first day work can begin."))
    status_date = models.DateField(
        _("status date"),
        null=True,
        blank=True,
        help_text=_("Progress is reported as of this date. Leave empty to use today."),
    )
    distribution = models.CharField(
        _("duration estimates follow"),
        max_length=20,
        choices=Distribution.choices,
        default=Distribution.PERT,
        help_text=_("How the optimistic, most likely and pessimistic estimates are turned into a range."),
    )
    correlation = models.DecimalField(
        _("correlation between task durations"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.95"))],
        help_text=_(
            "0 = each task's overrun is independent; 0.5 = tasks tend to overrun together "
            "(same team, same supplier)."
        ),
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence level for the reserve"),
        default=80,
        validators=[MinValueValidator(50), MaxValueValidator(95)],
        help_text=_("80 means the reserve covers the outcome in 8 out of 10 simulated projects."),
    )
    simulation_seed = models.BigIntegerField(
        _("simulation seed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set at the first simulation and reused, so the figures do not change between runs."),
    )
    baseline_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(_("Plan for %(initiative)s") % {"initiative": self.initiative})

    @property
    def organisation(self):  # type: ignore[no-untyped-def]
        return self.initiative.organisation


def _days(name: str, *, null: bool = False, minimum: Decimal = Decimal("0")) -> models.DecimalField:
    return models.DecimalField(
        name,
        **DAYS,
        null=null,
        blank=null,
        validators=[MinValueValidator(minimum), MaxValueValidator(MAX_DAYS)],
    )


class Task(models.Model):
    """A row of the plan. Its number (``row``) is its place in the outline, as in Microsoft Project.

    A task followed by deeper-indented tasks is a phase (summary task): its dates come from its children.
    A milestone has no duration.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    row = models.PositiveIntegerField(_("row"))
    outline_level = models.PositiveSmallIntegerField(
        _("outline level"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    name = models.CharField(_("name"), max_length=300)
    duration = _days(_("duration (working days)"))
    optimistic = _days(_("optimistic duration"), null=True)
    most_likely = _days(_("most likely duration"), null=True)
    pessimistic = _days(_("pessimistic duration"), null=True)
    milestone = models.BooleanField(_("milestone"), default=False)
    constraint = models.CharField(_("date constraint"), max_length=4, choices=Constraint.choices, blank=True)
    constraint_date = models.DateField(_("constraint date"), null=True, blank=True)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("delivery phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        help_text=_("The pilot or rollout wave this work belongs to."),
    )
    cost = models.DecimalField(
        _("cost"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Fixed cost of the task."),
    )
    cost_per_day = models.DecimalField(
        _("cost per working day"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Cost that grows with the duration (staff, contractor days)."),
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("% complete"), default=0, validators=[MaxValueValidator(100)]
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    baseline_start = models.DateField(_("baseline start"), null=True, blank=True, editable=False)
    baseline_finish = models.DateField(_("baseline finish"), null=True, blank=True, editable=False)
    baseline_duration = models.DecimalField(**DAYS, null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["row"]
        constraints = [models.UniqueConstraint(fields=["plan", "row"], name="task_unique_row")]

    def __str__(self) -> str:
        return f"{self.row}. {self.name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.milestone and self.duration:
            errors["duration"] = str(_("A milestone takes no time: set the duration to 0."))
        estimates = (self.optimistic, self.most_likely, self.pessimistic)
        if any(e is not None for e in estimates):
            if any(e is None for e in estimates):
                errors["pessimistic"] = str(
                    _("Give all three estimates (optimistic, most likely, pessimistic) or none.")
                )
            elif not (self.optimistic <= self.most_likely <= self.pessimistic):  # type: ignore[operator]
                errors["most_likely"] = str(
                    _("The estimates must be in order: optimistic ≤ most likely ≤ pessimistic.")
                )
        if bool(self.constraint) != bool(self.constraint_date):
            errors["constraint_date"] = str(_("A date constraint needs both its kind and its date."))
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            errors["actual_finish"] = str(_("The actual finish must be on or after the actual start."))
        if self.phase_id and self.phase.initiative_id != self.plan.initiative_id:
            errors["phase"] = str(_("Choose a phase of this initiative."))
        if errors:
            raise ValidationError(errors)


class Dependency(models.Model):
    """The successor cannot start (or finish) until the predecessor has started (or finished), plus a lag."""

    predecessor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="predecessor_links")
    type = models.CharField(_("type"), max_length=2, choices=LinkType.choices, default=LinkType.FS)
    lag = models.DecimalField(
        _("lag (working days)"),
        **DAYS,
        default=Decimal("0"),
        validators=[MinValueValidator(-MAX_DAYS), MaxValueValidator(MAX_DAYS)],
    )

    class Meta:
        ordering = ["successor__row", "predecessor__row"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="dependency_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.row}{self.type}{self.lag:+}"


class SimulationRun(models.Model):
    """One schedule-and-cost Monte Carlo run, stored with everything needed to repeat it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    iterations = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    method_version = models.CharField(max_length=40)
    inputs = models.JSONField()
    results = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return str(_("Simulation of %(when)s") % {"when": f"{self.created_at:%Y-%m-%d %H:%M}"})
