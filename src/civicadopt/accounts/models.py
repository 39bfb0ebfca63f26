"""Organisations (municipalities), their departments and strategic goals, and who belongs to them."""

import zoneinfo
from decimal import Decimal
from functools import cache

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


def validate_time_zone(value: str) -> None:
    """Refuse a name the time-zone database does not know (it would fail on every page otherwise)."""
    if value and value not in available_time_zones():
        raise ValidationError(
            _("'%(zone)s' is not a time zone name; use one like America/Chicago."), params={"zone": value}
        )


@cache
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships, never from the user."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class DiscountSchedule(models.TextChoices):
    """How future money is discounted by default for this organisation's business cases."""

    FLAT = "flat", _("One flat rate for every year")
    GREEN_BOOK = "green-book", _("UK Green Book declining schedule (3.5% for years 0-30, then lower)")


class Organisation(models.Model):
    """A municipality (or a regional body) whose records are kept apart from every other one's."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=60,
        unique=True,
        help_text=_("Lower-case letters, numbers and hyphens; used in web addresses."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        default="US",
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter country code, e.g. US."))],
        help_text=_("Two-letter code (ISO 3166-1), e.g. US, GB, CA."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 = January, 7 = July, 10 = October."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use the three-letter currency code, e.g. USD."))],
        help_text=_("Three-letter code (ISO 4217), e.g. USD, GBP, EUR."),
    )
    discount_schedule = models.CharField(
        _("default discount-rate schedule"),
        max_length=20,
        choices=DiscountSchedule.choices,
        default=DiscountSchedule.FLAT,
    )
    discount_rate = models.DecimalField(
        _("flat discount rate"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.0300"),
        validators=[MinValueValidator(Decimal("-0.1")), MaxValueValidator(Decimal("1"))],
        help_text=_("A fraction: 0.0300 means 3% a year. Used when the schedule is a flat rate."),
    )
    discount_rate_source = models.CharField(
        _("source of the discount rate"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the rate comes from, e.g. 'OMB Circular A-94 Appendix C, 2025' or 'city borrowing rate'."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=[("en-us", _("American English")), ("en-gb", _("British English"))],
        help_text=_("Leave empty to follow the country: British English for GB, American English otherwise."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Every time shown (history, calculations, reports) is in this zone, e.g. America/Chicago or "
            "Europe/London. Leave empty for the country's usual zone."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # What an administrator may change on the settings page (the slug is fixed: addresses use it).
    SETTINGS_FIELDS = (
        "name",
        "country",
        "population",
        "fiscal_year_start_month",
        "currency",
        "discount_schedule",
        "discount_rate",
        "discount_rate_source",
        "language",
        "time_zone",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class StrategicGoal(models.Model):
    """A goal the council has adopted; initiatives show which goals they serve."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="goal_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.organisation}"
