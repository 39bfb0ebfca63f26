"""A business case: options with their cost and benefit lines, assumptions, calculation runs and snapshots.

Every record belongs to an organisation through its initiative. Money is ``Decimal``; the calculations
run in ``civicadopt_core.finance`` and ``civicadopt_core.uncertainty``, and each stored run keeps its
inputs, seed and method version so that a report can be reproduced exactly.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicadopt.initiatives.models import Initiative
from civicadopt_core.finance.flows import Category, Distribution, Kind
from civicadopt_core.finance.optimism import ProjectType

MONEY = {"max_digits": 16, "decimal_places": 2}


def max_horizon_years() -> int:
    """Return the longest appraisal period a business case may have (``CIVICADOPT_MAX_HORIZON_YEARS``)."""
    return int(getattr(settings, "MAX_HORIZON_YEARS", 60))


def validate_horizon(value: int) -> None:
    limit = max_horizon_years()
    if not 1 <= value <= limit:
        raise ValidationError(
            _("Enter an appraisal period between 1 and %(limit)d years.") % {"limit": limit}, code="horizon"
        )


class CaseStage(models.TextChoices):
    """The three Green Book business case stages (HM Treasury, Guide to Developing the Project Business Case)."""

    STRATEGIC_OUTLINE = "strategic_outline", _("Strategic outline case")
    OUTLINE = "outline", _("Outline business case")
    FULL = "full", _("Full business case")


class Prices(models.TextChoices):
    REAL = "real", _("Real terms (price base year)")
    NOMINAL = "nominal", _("Nominal terms (money of each year)")


class Schedule(models.TextChoices):
    FLAT = "flat", _("One flat rate")
    GREEN_BOOK = "green-book", _("UK Green Book declining schedule")


class Timing(models.TextChoices):
    END = "end", _("End of each year")
    MID = "mid", _("Middle of each year")


class BusinessCase(models.Model):
    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="business_case")
    stage = models.CharField(
        _("stage"), max_length=20, choices=CaseStage.choices, default=CaseStage.STRATEGIC_OUTLINE
    )
    price_base_year = models.PositiveSmallIntegerField(
        _("price base year"),
        validators=[MinValueValidator(1990), MaxValueValidator(2200)],
        help_text=_("The appraisal is in this year's prices (real terms)."),
    )
    first_year = models.PositiveSmallIntegerField(
        _("calendar year of year 0"),
        validators=[MinValueValidator(1990), MaxValueValidator(2200)],
        help_text=_("Year 0 of the appraisal is this calendar (or fiscal) year."),
    )
    prices = models.CharField(
        _("amounts are entered in"),
        max_length=10,
        choices=Prices.choices,
        default=Prices.REAL,
        help_text=_("Real: all in the price base year's money. Nominal: the money actually paid each year."),
    )
    inflation = models.DecimalField(
        _("inflation a year"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.0200"),
        validators=[MinValueValidator(Decimal("-0.5")), MaxValueValidator(Decimal("0.9999"))],
        help_text=_(
            "A fraction: 0.0200 means 2% a year. Used to turn nominal amounts into base-year prices."
        ),
    )
    schedule = models.CharField(
        _("discount-rate schedule"), max_length=20, choices=Schedule.choices, default=Schedule.FLAT
    )
    discount_rate = models.DecimalField(
        _("flat discount rate"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.0300"),
        validators=[MinValueValidator(Decimal("-0.5")), MaxValueValidator(Decimal("0.9999"))],
        help_text=_("A fraction: 0.0300 means 3% a year. Used with the flat schedule."),
    )
    discount_rate_source = models.CharField(_("source of the discount rate"), max_length=300, blank=True)
    timing = models.CharField(
        _("when flows fall in a year"), max_length=5, choices=Timing.choices, default=Timing.END
    )
    project_type = models.CharField(
        _("project type for optimism bias"),
        max_length=40,
        blank=True,
        choices=[(t.value, t.value.replace("_", " ").capitalize()) for t in ProjectType],
        help_text=_("Technology projects are usually 'equipment development'. Leave empty for no uplift."),
    )
    optimism_mitigation = models.DecimalField(
        _("optimism bias mitigation"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0 = nothing done yet to manage the risks; 1 = fully managed."),
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("appraisal period (years)"),
        default=60,
        validators=[validate_horizon],
        help_text=_("The last year a cost or benefit may fall in (year 0 is the first year)."),
    )
    simulation_seed = models.PositiveBigIntegerField(
        _("simulation seed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set at the first calculation and reused, so the figures do not change between clicks."),
    )
    preferred_option = models.ForeignKey(
        "Option",
        verbose_name=_("preferred option"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    preferred_rationale = models.TextField(_("why this option is preferred"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")

    def __str__(self) -> str:
        return f"Business case: {self.initiative}"

    @property
    def organisation(self):  # type: ignore[no-untyped-def]
        return self.initiative.organisation


class Option(models.Model):
    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    is_business_as_usual = models.BooleanField(_("business as usual"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["business_case", "name"], name="option_unique_name"),
            models.UniqueConstraint(
                fields=["business_case"],
                condition=models.Q(is_business_as_usual=True),
                name="option_one_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Line(models.Model):
    """One cost or benefit of an option in one year of the appraisal (year 0 is the first year)."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(
        _("cost or benefit"), max_length=10, choices=[(k.value, k.value.capitalize()) for k in Kind]
    )
    category = models.CharField(
        _("category"),
        max_length=40,
        choices=[(c.value, c.value.replace("_", " ").capitalize()) for c in Category],
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MaxValueValidator(1000)])
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    low = models.DecimalField(
        _("low"), null=True, blank=True, validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    high = models.DecimalField(
        _("high"), null=True, blank=True, validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    distribution = models.CharField(
        _("distribution"),
        max_length=12,
        default=Distribution.TRIANGULAR,
        choices=[(d.value, d.value.capitalize()) for d in Distribution],
    )
    group = models.CharField(_("correlation group"), max_length=100, blank=True)

    class Meta:
        ordering = ["kind", "year", "name", "id"]
        indexes = [models.Index(fields=["option", "year"], name="line_option_year")]

    def __str__(self) -> str:
        return f"{self.name} (year {self.year})"

    def clean(self) -> None:
        case = self.option.business_case if self.option_id else None
        if case is not None and self.year is not None and self.year > case.horizon_years:
            raise ValidationError({"year": _(
                "The line “%(name)s” is in year %(year)d, after the last year of the appraisal "
                "(year %(last)d). Use a year from 0 to %(last)d, or lengthen the appraisal period."
            ) % {"name": self.name, "year": self.year, "last": case.horizon_years}})  # fmt: skip
        if (self.low is None) != (self.high is None):
            raise ValidationError({"high": _("Give both a low and a high value, or neither.")})
        if self.low is not None and self.high is not None and not self.low <= self.amount <= self.high:
            raise ValidationError({"amount": _("The amount must lie between the low and high values.")})
        if self.distribution == Distribution.LOGNORMAL and self.low is not None and self.low <= 0:
            raise ValidationError({"low": _("A lognormal range needs a low value above zero.")})


class Assumption(models.Model):
    """A stated assumption with its source, so every figure can be traced (e.g. 'loaded hourly rate: $48')."""

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="assumptions")
    name = models.CharField(_("assumption"), max_length=200)
    value = models.CharField(_("value"), max_length=200)
    source = models.CharField(_("source"), max_length=500, help_text=_("Where the value comes from."))
    notes = models.TextField(_("notes"), max_length=5000, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CalculationRun(models.Model):
    """One stored appraisal: its complete inputs, seed, iterations, method version and results."""

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="runs")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    method_version = models.CharField(max_length=50)
    seed = models.PositiveBigIntegerField(null=True, blank=True)
    iterations = models.PositiveIntegerField(default=0)
    inputs = models.JSONField()
    results = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Calculation run {self.pk}"


class Snapshot(models.Model):
    """A frozen copy of the business case at one of the three stages, with the run it was approved on."""

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="snapshots")
    stage = models.CharField(_("stage"), max_length=20, choices=CaseStage.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    run = models.ForeignKey(CalculationRun, on_delete=models.PROTECT, related_name="snapshots")
    data = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.created_at:%Y-%m-%d}"


class AffordabilityBudget(models.Model):
    """The money available in one fiscal year, to test affordability (the financial case)."""

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(1990), MaxValueValidator(2300)]
    )
    amount = models.DecimalField(_("budget available"), validators=[MinValueValidator(Decimal("0"))], **MONEY)

    class Meta:
        ordering = ["fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["business_case", "fiscal_year"], name="budget_unique_year")
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}: {self.amount}"
