"""The risk register of an initiative, and each organisation's probability-impact matrix.

Every risk belongs to an organisation through its initiative. A risk is written as cause, event and
effect; it is scored on the organisation's matrix before its response (inherent) and after it
(residual). The scores, ratings and expected values are computed by ``civicadopt_core.risk`` and stored
with the risk (``Risk.apply_assessment``) so that the register can be filtered and sorted by them; a
change of the matrix rescores every risk of the organisation in the same transaction.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.models import Organisation
from civicadopt.initiatives.models import Initiative
from civicadopt_core import risk as core

MONEY = {"max_digits": 16, "decimal_places": 2}
DAYS = {"max_digits": 8, "decimal_places": 2}
PROBABILITY = {"max_digits": 5, "decimal_places": 4}
ZERO, ONE = Decimal(0), Decimal(1)
CENT = Decimal("0.01")
MAX_DAYS = Decimal(100_000)


class Category(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    LEGACY = "legacy", _("Legacy systems")
    DATA = "data", _("Data security and privacy")
    PEOPLE = "people", _("People and change")
    BUDGET = "budget", _("Budget")
    PROCUREMENT = "procurement", _("Procurement and vendor")
    LEGAL = "legal", _("Legal and regulatory")
    SCHEDULE = "schedule", _("Schedule")
    OTHER = "other", _("Other")


class Response(models.TextChoices):
    """The four responses to a threat (PMBOK Guide; the Orange Book's treat, transfer, tolerate, terminate)."""

    AVOID = "avoid", _("Avoid")
    REDUCE = "reduce", _("Reduce")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Accept")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    OCCURRED = "occurred", _("Occurred")
    CLOSED = "closed", _("Closed")


class Rating(models.TextChoices):
    LOW = core.Rating.LOW.value, _("Low")
    MEDIUM = core.Rating.MEDIUM.value, _("Medium")
    HIGH = core.Rating.HIGH.value, _("High")
    VERY_HIGH = core.Rating.VERY_HIGH.value, _("Very high")


def _limits_text(values: tuple[Decimal, ...] | tuple[int, ...]) -> list[str]:
    return [str(value) for value in values]


def _default(kind: str) -> list[str]:
    matrix = core.default_matrix()
    return _limits_text(getattr(matrix, kind))


def default_probability_limits() -> list[str]:
    return _default("probability_limits")


def default_cost_limits() -> list[str]:
    return _default("cost_limits")


def default_schedule_limits() -> list[str]:
    return _default("schedule_limits")


def default_rating_limits() -> list[int]:
    return list(core.default_matrix().rating_limits)


class RiskMatrix(models.Model):
    """An organisation's probability-impact matrix: one for all its initiatives, so ratings compare.

    Limits are the upper limit of each band but the top one, kept as exact decimal text: probabilities
    as fractions (0.10 = 10%), costs in the organisation's currency, delays in working days.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="risk_matrix")
    size = models.PositiveSmallIntegerField(
        _("matrix size"), choices=[(n, f"{n} by {n}") for n in core.SIZES], default=5
    )
    probability_limits = models.JSONField(_("probability band limits"), default=default_probability_limits)
    cost_limits = models.JSONField(_("cost impact band limits"), default=default_cost_limits)
    schedule_limits = models.JSONField(_("schedule impact band limits"), default=default_schedule_limits)
    rating_limits = models.JSONField(_("rating limits"), default=default_rating_limits)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")

    def __str__(self) -> str:
        return str(_("Risk matrix of %(organisation)s") % {"organisation": self.organisation})

    def to_core(self) -> core.Matrix:
        """Return the matrix as the core's dataclass; ValueError (or TypeError) when inconsistent."""
        return core.Matrix(
            size=int(self.size),
            probability_limits=tuple(Decimal(str(v)) for v in self.probability_limits),
            cost_limits=tuple(Decimal(str(v)) for v in self.cost_limits),
            schedule_limits=tuple(Decimal(str(v)) for v in self.schedule_limits),
            rating_limits=tuple(int(v) for v in self.rating_limits),  # type: ignore[arg-type]
        )

    def clean(self) -> None:
        try:
            self.to_core()
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ValidationError(_("The matrix is not consistent: %(problem)s.") % {"problem": exc}) from exc


def _money(name: str, **extra: object) -> models.DecimalField:
    return models.DecimalField(
        name, **MONEY, null=True, blank=True, validators=[MinValueValidator(ZERO)], **extra
    )  # type: ignore[call-overload]


def _days(name: str, **extra: object) -> models.DecimalField:
    return models.DecimalField(
        name, **DAYS, null=True, blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(MAX_DAYS)], **extra,
    )  # type: ignore[call-overload]  # fmt: skip


def _probability(name: str, **extra: object) -> models.DecimalField:
    return models.DecimalField(
        name, **PROBABILITY, validators=[MinValueValidator(ZERO), MaxValueValidator(ONE)], **extra
    )  # type: ignore[call-overload]


ASSESSMENT_FIELDS = (
    "inherent_probability_score", "inherent_impact_score", "inherent_score", "inherent_rating",
    "residual_probability_score", "residual_impact_score", "residual_score", "residual_rating",
    "inherent_emv", "emv", "expected_delay",
)  # fmt: skip


class Risk(models.Model):
    """One risk of an initiative, numbered R1, R2… within it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="risks")
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    cause = models.TextField(_("cause"), max_length=2000, blank=True)
    event = models.TextField(_("event"), max_length=2000, blank=True)
    effect = models.TextField(_("effect"), max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
    )
    owner_name = models.CharField(_("owner (name)"), max_length=200, blank=True)
    probability = _probability(_("probability"))
    cost_low = _money(_("cost impact, low"))
    cost_most_likely = _money(_("cost impact, most likely"))
    cost_high = _money(_("cost impact, high"))
    schedule_low = _days(_("delay, low (working days)"))
    schedule_most_likely = _days(_("delay, most likely (working days)"))
    schedule_high = _days(_("delay, high (working days)"))
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.REDUCE
    )
    mitigation = models.TextField(_("response actions"), max_length=5000, blank=True)
    mitigation_cost = _money(_("cost of the response"))
    residual_probability = _probability(_("probability after the response"), null=True, blank=True)
    residual_cost = _money(_("cost impact after the response (most likely)"))
    residual_schedule = _days(_("delay after the response (most likely, working days)"))
    trigger = models.TextField(_("trigger"), max_length=2000, blank=True)
    contingency_plan = models.TextField(_("contingency plan"), max_length=5000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    tasks = models.ManyToManyField(
        "planning.Task", verbose_name=_("affected tasks"), blank=True, related_name="risks"
    )
    # Derived by civicadopt_core.risk on every save and every change of the matrix (never typed in).
    inherent_probability_score = models.PositiveSmallIntegerField(default=1, editable=False)
    inherent_impact_score = models.PositiveSmallIntegerField(default=1, editable=False)
    inherent_score = models.PositiveSmallIntegerField(default=1, editable=False)
    inherent_rating = models.CharField(
        max_length=10, choices=Rating.choices, default=Rating.LOW, editable=False
    )
    residual_probability_score = models.PositiveSmallIntegerField(default=1, editable=False)
    residual_impact_score = models.PositiveSmallIntegerField(default=1, editable=False)
    residual_score = models.PositiveSmallIntegerField(default=1, editable=False)
    residual_rating = models.CharField(
        max_length=10, choices=Rating.choices, default=Rating.LOW, editable=False
    )
    inherent_emv = models.DecimalField(**MONEY, default=ZERO, editable=False)
    emv = models.DecimalField(**MONEY, default=ZERO, editable=False)
    expected_delay = models.DecimalField(**DAYS, default=ZERO, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [models.UniqueConstraint(fields=["initiative", "number"], name="risk_unique_number")]
        indexes = [models.Index(fields=["initiative", "status"], name="risk_initiative_status")]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    @property
    def key(self) -> str:
        """The number people use: R1, R2…"""
        return f"R{self.number}"

    @property
    def owner_display(self) -> str:
        return self.owner.display_name if self.owner_id else self.owner_name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for prefix, unit in (("cost", _("amounts")), ("schedule", _("delays"))):
            low, likely, high = (getattr(self, f"{prefix}_{part}") for part in ("low", "most_likely", "high"))
            if (low is not None or high is not None) and likely is None:
                errors[f"{prefix}_most_likely"] = str(
                    _("Give the most likely value when you give a low or high one.")
                )
            elif likely is not None and (
                (low is not None and low > likely) or (high is not None and high < likely)
            ):
                errors[f"{prefix}_most_likely"] = str(
                    _("The %(unit)s must be in order: low ≤ most likely ≤ high.") % {"unit": unit}
                )
        if self.residual_cost is not None and self.cost_most_likely is None:
            errors["residual_cost"] = str(_("Give the cost impact before the response first."))
        if self.residual_schedule is not None and self.schedule_most_likely is None:
            errors["residual_schedule"] = str(_("Give the delay before the response first."))
        if errors:
            raise ValidationError(errors)

    def apply_assessment(self, matrix: core.Matrix) -> None:
        """Set the stored scores, ratings and expected values from the inputs (already validated)."""
        result = core.assess(self.to_core(), matrix)
        self.inherent_probability_score = result.inherent.probability_score
        self.inherent_impact_score = result.inherent.impact_score
        self.inherent_score = result.inherent.value
        self.inherent_rating = result.inherent.rating.value
        self.residual_probability_score = result.residual.probability_score
        self.residual_impact_score = result.residual.impact_score
        self.residual_score = result.residual.value
        self.residual_rating = result.residual.rating.value
        self.inherent_emv = result.inherent_emv.quantize(CENT, rounding=ROUND_HALF_UP)
        self.emv = result.residual_emv.quantize(CENT, rounding=ROUND_HALF_UP)
        self.expected_delay = result.residual_delay.quantize(CENT, rounding=ROUND_HALF_UP)

    def to_core(self) -> core.Risk:
        return core.Risk(
            key=self.key,
            probability=Decimal(self.probability),
            cost=self.cost_most_likely,
            schedule=self.schedule_most_likely,
            residual_probability=self.residual_probability,
            residual_cost=self.residual_cost,
            residual_schedule=self.residual_schedule,
            cause=self.cause,
            event=self.event,
            effect=self.effect,
        )
