"""The hub: a technology initiative, its stage and history, delivery phases and tags."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.models import Department, Organisation, StrategicGoal


class Stage(models.TextChoices):
    """Where an initiative stands on the road from idea to adoption, in order."""

    IDEA = "idea", _("Idea")
    BUSINESS_CASE = "business_case", _("Business case")
    FUNDED = "funded", _("Funded")
    PLANNED = "planned", _("Planned")
    DELIVERING = "delivering", _("Delivering")
    ADOPTED = "adopted", _("Adopted")
    STOPPED = "stopped", _("Stopped")


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class Tag(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="tag_unique_name")]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    problem_statement = models.TextField(
        _("problem statement"),
        max_length=10000,
        help_text=_("What is wrong today, who it affects and what it costs. Plain language for the council."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_initiatives",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    goals = models.ManyToManyField(
        StrategicGoal, verbose_name=_("strategic goals served"), blank=True, related_name="initiatives"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ON_TRACK)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="initiatives")
    # Optimistic concurrency: an edit names the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["organisation", "stage"], name="initiative_org_stage")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.department_id and self.department.organisation_id != self.organisation_id:
            raise ValidationError({"department": _("Choose a department of this organisation.")})


class StageChange(models.Model):
    """One move of an initiative from one stage to another: the stage history."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    # The gates (initiatives.gates keys) a manager moved past without meeting them; the note says why.
    overridden_gates = models.JSONField(_("gates overridden"), default=list, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_stage or '-'} -> {self.to_stage}"


class PhaseKind(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    ROLLOUT = "rollout", _("Rollout wave")


class Phase(models.Model):
    """A step of phased adoption: a pilot, then rollout waves."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices, default=PhaseKind.PILOT)
    name = models.CharField(_("name"), max_length=200)
    scope = models.TextField(
        _("scope"),
        max_length=5000,
        blank=True,
        help_text=_("Who and what this phase covers, e.g. 'Building permits only, 12 staff'."),
    )
    start = models.DateField(_("planned start"), null=True, blank=True)
    finish = models.DateField(_("planned finish"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "start", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.finish and self.finish < self.start:
            raise ValidationError({"finish": _("The finish must be on or after the start.")})
