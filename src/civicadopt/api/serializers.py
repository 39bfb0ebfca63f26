"""What the REST API reads and writes: one explicit serializer for each input and each output.

Input serializers only check the shape and types of a request and turn ids into records the user may
see; the rules (who may do what, same-organisation references, versions) live in the services.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicadopt.accounts.models import Department, DiscountSchedule, Organisation, StrategicGoal, User
from civicadopt.accounts.roles import Role
from civicadopt.accounts.selectors import organisation_list
from civicadopt.forms import MAX_DB_INT
from civicadopt.initiatives.models import Initiative, Stage, Status
from civicadopt.initiatives.services import MAX_TAGS


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text=_("The HTTP status code, repeated."))
    code = serializers.CharField(
        help_text=_(
            "Stable code: invalid, parse_error, not_authenticated, authentication_failed, permission_denied, "
            "not_found, method_not_allowed, not_acceptable, unsupported_media_type, conflict, throttled or "
            "server_error."
        )
    )
    message = serializers.CharField(help_text=_("A plain-language sentence, in the language of the request."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per field; 'non_field_errors' for the request as a whole. Empty when none."),
    )
    current_version = serializers.IntegerField(
        required=False, help_text=_("On a conflict only: the version the record has now.")
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error answer (see ``civicadopt.api.errors``)."""

    error = ErrorDetailSerializer()


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    country = serializers.CharField(help_text=_("Two-letter code (ISO 3166-1)."))
    population = serializers.IntegerField(allow_null=True)
    fiscal_year_start_month = serializers.IntegerField(help_text=_("1 = January, 7 = July."))
    currency = serializers.CharField(help_text=_("Three-letter code (ISO 4217)."))
    discount_schedule = serializers.ChoiceField(choices=DiscountSchedule.choices)
    # A string, never a float: a rate is an exact decimal and must stay one (see ARCHITECTURE, Numbers).
    discount_rate = serializers.DecimalField(max_digits=6, decimal_places=4, coerce_to_string=True)
    discount_rate_source = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices, help_text=_("Your role in this organisation."))


class InitiativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:api-initiative-detail")
    organisation = serializers.IntegerField(source="organisation_id")
    title = serializers.CharField()
    problem_statement = serializers.CharField()
    owner = serializers.IntegerField(source="owner_id", allow_null=True, help_text=_("A user id."))
    department = serializers.IntegerField(source="department_id", allow_null=True)
    goals = serializers.SerializerMethodField(
        help_text=_("Ids of the strategic goals the initiative serves.")
    )
    stage = serializers.ChoiceField(choices=Stage.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    tags = serializers.SerializerMethodField()
    version = serializers.IntegerField(
        help_text=_("Send it back with every change (optimistic concurrency).")
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_goals(self, initiative: Initiative) -> list[int]:
        return [goal.pk for goal in initiative.goals.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, initiative: Initiative) -> list[str]:
        return [tag.name for tag in initiative.tags.all()]


class UserScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """An id looked up only among the records of the requesting user's organisations.

    An id of anything else, existing or not, gets the same "unknown" message, so an answer never tells
    whether another organisation's record exists.
    """

    def __init__(self, *, scope: str, unknown: str, **kwargs: Any) -> None:
        self.scope = scope
        # Strict integers: 1.5 or true must not quietly become record 1.
        kwargs.setdefault("pk_field", serializers.IntegerField(min_value=1, max_value=MAX_DB_INT))
        kwargs.setdefault("queryset", _SCOPES[scope])
        super().__init__(**kwargs)
        self.error_messages["does_not_exist"] = unknown

    def get_queryset(self) -> QuerySet[Any]:
        user = self.context["request"].user
        organisations = organisation_list(user=user)
        if self.scope == "organisation":
            return organisations
        if self.scope == "user":
            return User.objects.filter(memberships__organisation__in=organisations).distinct()
        return _SCOPES[self.scope].filter(organisation__in=organisations)


_SCOPES: dict[str, QuerySet[Any]] = {
    "organisation": Organisation.objects.all(),
    "department": Department.objects.all(),
    "goal": StrategicGoal.objects.all(),
    "user": User.objects.all(),
}


class InitiativeFieldsSerializer(serializers.Serializer):
    """The fields a create and an update share."""

    title = serializers.CharField(max_length=200)
    problem_statement = serializers.CharField(max_length=10000)
    owner = UserScopedRelatedField(
        scope="user",
        unknown=_("Unknown user."),
        required=False,
        allow_null=True,
        help_text=_("A user id; a member of the initiative's organisation. Defaults to you on create."),
    )
    department = UserScopedRelatedField(
        scope="department",
        unknown=_("Unknown department."),
        required=False,
        allow_null=True,
        help_text=_("A department id of the initiative's organisation."),
    )
    goals = UserScopedRelatedField(
        scope="goal",
        unknown=_("Unknown strategic goal."),
        many=True,
        required=False,
        help_text=_("Ids of strategic goals of the initiative's organisation."),
    )
    stage = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        help_text=_("Only managers and administrators may set a stage other than the current one."),
    )
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50),
        max_length=MAX_TAGS,
        required=False,
        help_text=_("Tag names; trimmed, lower-cased and de-duplicated when stored."),
    )


class InitiativeCreateSerializer(InitiativeFieldsSerializer):
    organisation = UserScopedRelatedField(
        scope="organisation",
        unknown=_("Unknown organisation."),
        help_text=_("The id of one of your organisations."),
    )


class InitiativeUpdateSerializer(InitiativeFieldsSerializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_DB_INT,
        help_text=_("The version you read; a stale one is refused with 409."),
    )
    organisation = serializers.IntegerField(
        required=False, help_text=_("Accepted so a record read can be sent back, but it cannot change.")
    )
    stage_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_(
            "A note for the stage history: needed to stop an initiative or to override a stage gate."
        ),
    )
    override_gates = serializers.BooleanField(
        required=False,
        help_text=_(
            "With a stage_note, a manager moves on without meeting every stage gate; the stage history "
            "and the audit trail record which gates were not met."
        ),
    )

    def validate_organisation(self, value: int) -> int:
        if value != self.context["initiative"].organisation_id:
            raise serializers.ValidationError(_("An initiative cannot move to another organisation."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A partial update (PATCH) skips "required"; the version is needed all the same.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": [_("This field is required.")]})
        return attrs


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_DB_INT,
        help_text=_("The version you read; a stale one is refused with 409."),
    )


class InitiativeFilterSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_DB_INT, help_text=_("An organisation id.")
    )
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Words to find in the title or the problem statement."),
    )
