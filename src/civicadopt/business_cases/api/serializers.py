"""What the business-case API reads and writes: one explicit serializer for each input and each output.

Input serializers only check the shape and types of a request (and turn an initiative id into a record
the user may see); who may do what, and the rules of a record (a range around its amount), live in the
services and the models. Money is always a decimal string with 2 places in answers, never a float.
"""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from rest_framework import serializers

from civicadopt.forms import MAX_DB_INT
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.selectors import initiative_api_list
from civicadopt_core.finance.flows import Category, Distribution, Kind

from ..models import BusinessCase, CaseStage, Line, Option, Prices, Schedule, Timing
from ..services import DEFAULT_ITERATIONS

PROJECT_TYPES = BusinessCase._meta.get_field("project_type").choices
KINDS = [(kind.value, kind.value) for kind in Kind]
CATEGORIES = [(category.value, category.value) for category in Category]
DISTRIBUTIONS = [(distribution.value, distribution.value) for distribution in Distribution]
MAX_ITERATIONS = 100_000
MAX_POSITION = 32767  # a PositiveSmallIntegerField


class CaseStageField(serializers.ChoiceField):
    """The stage of a business case; its own enum in the schema (``stage`` of an initiative differs)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CaseStage.choices, **kwargs)


class CaseStageScheme(OpenApiSerializerFieldExtension):
    target_class = "civicadopt.business_cases.api.serializers.CaseStageField"

    def get_name(self) -> str:
        return "BusinessCaseStageEnum"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {
            "type": "string",
            "enum": list(CaseStage.values),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in CaseStage.choices),
        }


def money(**kwargs: Any) -> serializers.DecimalField:
    """A money field: a decimal string (or a number) with at most 2 decimal places, never negative."""
    kwargs.setdefault("min_value", Decimal(0))
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, **kwargs)


def bounded_id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_DB_INT, **kwargs)


# Answers


class BusinessCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:api-business-case-detail")
    organisation = serializers.IntegerField(source="initiative.organisation_id")
    initiative = serializers.IntegerField(source="initiative_id")
    stage = CaseStageField()
    price_base_year = serializers.IntegerField(help_text=_("All amounts are in this year's prices."))
    first_year = serializers.IntegerField(help_text=_("The calendar (or fiscal) year of year 0."))
    prices = serializers.ChoiceField(choices=Prices.choices)
    inflation = serializers.DecimalField(max_digits=6, decimal_places=4)
    schedule = serializers.ChoiceField(choices=Schedule.choices)
    discount_rate = serializers.DecimalField(
        max_digits=6, decimal_places=4, help_text=_('A fraction: "0.0300" is 3% a year.')
    )
    discount_rate_source = serializers.CharField()
    timing = serializers.ChoiceField(choices=Timing.choices)
    project_type = serializers.ChoiceField(choices=PROJECT_TYPES, allow_blank=True)
    optimism_mitigation = serializers.DecimalField(max_digits=4, decimal_places=2)
    horizon_years = serializers.IntegerField(help_text=_("The last appraisal year a line may fall in."))
    simulation_seed = serializers.IntegerField(
        allow_null=True, help_text=_("Kept from the first calculation and reused, so figures are stable.")
    )
    preferred_option = serializers.IntegerField(source="preferred_option_id", allow_null=True)
    preferred_rationale = serializers.CharField()
    version = serializers.IntegerField(
        help_text=_("Send it back with every change (optimistic concurrency).")
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:api-option-detail")
    business_case = serializers.IntegerField(source="business_case_id")
    name = serializers.CharField()
    description = serializers.CharField()
    is_business_as_usual = serializers.BooleanField(
        help_text=_("The baseline every option is compared with; it cannot be deleted.")
    )
    position = serializers.IntegerField()


class LineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:api-line-detail")
    option = serializers.IntegerField(source="option_id")
    kind = serializers.ChoiceField(choices=KINDS)
    category = serializers.ChoiceField(choices=CATEGORIES)
    name = serializers.CharField()
    year = serializers.IntegerField(help_text=_("0 is the first year of the appraisal."))
    amount = money()
    low = money(allow_null=True)
    high = money(allow_null=True)
    distribution = serializers.ChoiceField(choices=DISTRIBUTIONS)
    group = serializers.CharField()


class RunSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:api-run-detail")
    created_at = serializers.DateTimeField()
    method_version = serializers.CharField()
    seed = serializers.IntegerField(allow_null=True, help_text=_("Null when nothing was simulated."))
    iterations = serializers.IntegerField(help_text=_("0 when no line has a range."))


class RunSerializer(RunSummarySerializer):
    business_case = serializers.IntegerField(source="business_case_id")
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True, help_text=_("A user id."))
    inputs = serializers.JSONField(help_text=_("Everything the calculation used, to reproduce it."))
    results = serializers.JSONField(
        help_text=_("Measures per option (money as decimal strings), yearly flows, sensitivity, simulation.")
    )


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text=_("How many lines were added."))


# Requests


class InitiativeField(serializers.PrimaryKeyRelatedField):
    """An initiative id, looked up only among the user's organisations; any other id is "unknown"."""

    def __init__(self, **kwargs: Any) -> None:
        # Strict integers: 1.5 or true must not quietly become record 1.
        kwargs.setdefault("pk_field", bounded_id())
        super().__init__(queryset=Initiative.objects.all(), **kwargs)
        self.error_messages["does_not_exist"] = _("Unknown initiative.")

    def get_queryset(self) -> QuerySet[Initiative]:
        return initiative_api_list(user=self.context["request"].user)


class BusinessCaseFieldsSerializer(serializers.Serializer):
    """The settings a create and an update share."""

    stage = CaseStageField(required=False)
    price_base_year = serializers.IntegerField(min_value=1990, max_value=2200)
    first_year = serializers.IntegerField(min_value=1990, max_value=2200)
    prices = serializers.ChoiceField(
        choices=Prices.choices,
        required=False,
        help_text=_("real (base-year prices) or nominal (each year's money)."),
    )
    inflation = serializers.DecimalField(
        max_digits=6,
        decimal_places=4,
        min_value=Decimal("-0.5"),
        max_value=Decimal("0.9999"),
        required=False,
        help_text=_('A fraction: "0.02" is 2% a year; deflates nominal amounts.'),
    )
    schedule = serializers.ChoiceField(choices=Schedule.choices, required=False)
    # The same bounds as the web form (civicadopt.forms.DISCOUNT_RATE_LIMITS), as fractions.
    discount_rate = serializers.DecimalField(
        max_digits=6,
        decimal_places=4,
        min_value=Decimal("-0.05"),
        max_value=Decimal("0.25"),
        required=False,
        help_text=_(
            'A fraction as a decimal string: "0.035" is 3.5% a year, from -0.05 to 0.25. Used with the flat schedule.'
        ),
    )
    discount_rate_source = serializers.CharField(max_length=300, allow_blank=True, required=False)
    timing = serializers.ChoiceField(choices=Timing.choices, required=False)
    project_type = serializers.ChoiceField(
        choices=PROJECT_TYPES,
        allow_blank=True,
        required=False,
        help_text=_("For the optimism bias uplift; empty for none."),
    )
    optimism_mitigation = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(1),
        required=False,
        help_text=_("0 = nothing done yet to manage the risks; 1 = fully managed."),
    )
    horizon_years = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_(
            "The last appraisal year a line may fall in (year 0 is the first); at most 60 by default."
        ),
    )


class BusinessCaseCreateSerializer(BusinessCaseFieldsSerializer):
    initiative = InitiativeField(help_text=_("The id of an initiative of one of your organisations."))


class BusinessCaseUpdateSerializer(BusinessCaseFieldsSerializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_DB_INT,
        help_text=_("The version you read; a stale one is refused with 409."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A partial update (PATCH) skips "required"; the version is needed all the same.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": [_("This field is required.")]})
        return attrs


class BusinessCaseUpdateScheme(OpenApiSerializerExtension):
    """Keep ``version`` required in the PATCH body, where every other field is optional."""

    target_class = "civicadopt.business_cases.api.serializers.BusinessCaseUpdateSerializer"

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = sorted({*schema.get("required", []), "version"})
        return schema


class BusinessCaseFilterSerializer(serializers.Serializer):
    initiative = bounded_id(required=False, help_text=_("An initiative id."))


class OptionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    position = serializers.IntegerField(
        min_value=0, max_value=MAX_POSITION, required=False, help_text=_("Defaults to after the others.")
    )

    def validate_name(self, value: str) -> str:
        # The same rule as the web form: two options may not differ only in case.
        option: Option | None = self.context.get("option")
        case: BusinessCase = self.context["case"]
        clash = case.options.filter(name__iexact=value)
        if option is not None:
            clash = clash.exclude(pk=option.pk)
        if clash.exists():
            raise serializers.ValidationError(_("There is already an option with this name."))
        return value


class LineInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    category = serializers.ChoiceField(choices=CATEGORIES)
    name = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=0, max_value=1000, help_text=_("0 is the first year."))
    amount = money(help_text=_("In the price base year's money; the kind says cost or benefit."))
    low = money(
        required=False, allow_null=True, help_text=_("Optional, with high: the lowest plausible amount.")
    )
    high = money(
        required=False, allow_null=True, help_text=_("Optional, with low: the highest plausible amount.")
    )
    distribution = serializers.ChoiceField(choices=DISTRIBUTIONS, required=False)
    group = serializers.CharField(
        max_length=100,
        allow_blank=True,
        required=False,
        help_text=_("Lines with the same group name move together in the simulation."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The simulation cannot draw a lognormal from a range starting at zero: refuse it here, by field.
        line: Line | None = self.context.get("line")

        def value(name: str) -> Any:
            return attrs[name] if name in attrs else getattr(line, name, None)

        low = value("low")
        if value("distribution") == Distribution.LOGNORMAL and low is not None and low <= 0:
            raise serializers.ValidationError({"low": [_("A lognormal range needs a low above zero.")]})
        return attrs


class CalculateSerializer(serializers.Serializer):
    iterations = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ITERATIONS,
        default=DEFAULT_ITERATIONS,
        help_text=_("Simulation draws; used only when some line has a low-high range."),
    )
    seed = serializers.IntegerField(
        min_value=0,
        max_value=MAX_DB_INT,
        required=False,
        allow_null=True,
        help_text=_(
            "For this run only. Left out, the case's own seed is used (drawn at its first calculation), so "
            "repeated calculations give the same figures."
        ),
    )


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_(
            "A .csv or .xlsx file. Columns: option, kind, category, name, year, amount; optionally low, "
            "high, distribution, group. Options are matched by name."
        )
    )
    replace = serializers.BooleanField(
        default=False, help_text=_("First remove the existing lines of the options the file names.")
    )
