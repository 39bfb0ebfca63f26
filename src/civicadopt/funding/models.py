"""Funding: the catalogue of grants and financing programmes, each organisation's funding profile, the
applications it makes, and each initiative's funding plan (sources by fiscal year).

Programmes imported from Grants.gov are public reference data shared by every organisation on the
server (``organisation`` is empty): one copy of a 50,000-record federal extract, not one per city.
Programmes an organisation enters itself (a state grant, a partnership, a lease offer) belong to it and
only its members see them. Everything else here belongs to an organisation directly or through its
initiative.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.models import Organisation
from civicadopt.initiatives.models import Initiative

MONEY = {"max_digits": 16, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class Kind(models.TextChoices):
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    PARTNERSHIP = "partnership", _("Partnership")
    COOPERATIVE = "cooperative", _("Cooperative purchasing contract")
    FINANCING = "financing", _("Lease or other financing")
    INTERNAL = "internal", _("Internal budget")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    FILE = "file", _("Imported from a spreadsheet")
    GRANTS_GOV = "grants.gov", _("Grants.gov extract")


class Programme(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="programmes"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    opportunity_id = models.CharField(_("Grants.gov opportunity ID"), max_length=20, blank=True)
    opportunity_number = models.CharField(_("opportunity number"), max_length=100, blank=True)
    source_version = models.CharField(_("version in the source"), max_length=40, blank=True)
    funder = models.CharField(_("funder"), max_length=300)
    agency_code = models.CharField(_("agency code"), max_length=40, blank=True)
    name = models.CharField(_("programme"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GRANT)
    instruments = models.JSONField(_("funding instruments"), default=list, blank=True)
    applicant_types = models.JSONField(
        _("eligible applicant types"),
        default=list,
        blank=True,
        help_text=_("Grants.gov codes, e.g. 02 city or township governments, 25 others, 99 unrestricted."),
    )
    geography = models.CharField(
        _("geography"),
        max_length=100,
        blank=True,
        help_text=_("Where applicants must be: a country code (US), a state (US-OH), or empty for anywhere."),
    )
    categories = models.JSONField(_("categories of funding activity"), default=list, blank=True)
    purposes = models.TextField(_("purposes"), max_length=5000, blank=True)
    award_floor = models.DecimalField(_("minimum award"), **MONEY, null=True, blank=True)
    award_ceiling = models.DecimalField(_("maximum award"), **MONEY, null=True, blank=True)
    total_funding = models.DecimalField(
        _("estimated total programme funding"), **MONEY, null=True, blank=True
    )
    cost_sharing = models.BooleanField(_("cost sharing or match required"), default=False)
    match_percent = models.DecimalField(
        _("match required (% of the project)"),
        **PERCENT,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    opens = models.DateField(_("opens"), null=True, blank=True)
    closes = models.DateField(_("closes"), null=True, blank=True)
    rolling = models.BooleanField(_("rolling (no fixed deadline)"), default=False)
    posted = models.DateField(_("posted"), null=True, blank=True)
    assistance_listings = models.JSONField(_("assistance listing numbers"), default=list, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=50_000, blank=True)
    eligibility_notes = models.TextField(_("more about eligibility"), max_length=20_000, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["closes", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity_id"],
                condition=models.Q(source="grants.gov"),
                name="programme_unique_grants_gov_id",
            )
        ]
        indexes = [
            models.Index(fields=["source", "closes"], name="programme_source_closes"),
            # The catalogue's default order: a page of 50,000 programmes without sorting them all.
            models.Index(fields=["closes", "name", "id"], name="programme_closes_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.award_floor is not None
            and self.award_ceiling is not None
            and self.award_floor > self.award_ceiling
        ):
            raise ValidationError({"award_ceiling": _("The maximum award must be at least the minimum.")})
        if self.opens and self.closes and self.closes < self.opens:
            raise ValidationError({"closes": _("The closing date must be on or after the opening date.")})


class FundingProfile(models.Model):
    """What funders ask about the applicant: its type, place and the match money it can put up."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="funding_profile"
    )
    applicant_type = models.CharField(
        _("applicant type"),
        max_length=2,
        default="02",
        help_text=_("The Grants.gov eligibility code that describes this organisation."),
    )
    rural = models.BooleanField(_("rural area"), default=False)
    region = models.CharField(
        _("state or region"), max_length=10, blank=True, help_text=_("For example US-OH; empty if none.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    def __str__(self) -> str:
        return str(_("Funding profile of %(name)s") % {"name": self.organisation})


class MatchFunds(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="match_funds")
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    amount = models.DecimalField(
        _("match funds available"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="match_funds_unique_year")
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}: {self.amount}"


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    PREPARING = "preparing", _("Preparing")
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="funding_applications")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("programme")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    requested = models.DecimalField(
        _("amount requested"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    match_committed = models.DecimalField(
        _("match committed"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    probability = models.DecimalField(
        _("probability of award"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.3"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("A fraction: 0.3 means a 30% chance. Set 1 once awarded."),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year the money arrives"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    checklist = models.JSONField(_("document checklist"), default=list, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.programme} ({self.get_stage_display()})"


class SourceKind(models.TextChoices):
    OWN_BUDGET = "own_budget", _("Own budget")
    PARTNER = "partner", _("Partner contribution")
    FINANCING = "financing", _("Financing (loan, lease)")
    OTHER = "other", _("Other")


class FundingSource(models.Model):
    """Money for an initiative in a fiscal year that is not a grant application (those count by themselves)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="funding_sources")
    kind = models.CharField(
        _("kind"), max_length=20, choices=SourceKind.choices, default=SourceKind.OWN_BUDGET
    )
    name = models.CharField(_("name"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    committed = models.BooleanField(_("committed"), default=True)

    class Meta:
        ordering = ["fiscal_year", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.name}, FY{self.fiscal_year}"


class SavedSearch(models.Model):
    """A person's saved programme search for an initiative, and when they last looked at its results."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("extra words"), max_length=500, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
