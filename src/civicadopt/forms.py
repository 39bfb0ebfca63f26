"""Form rendering with USWDS markup, shared by every form in the product.

Every form renders through ``templates/forms/`` and every widget gets the USWDS class for its kind, so a
new form is accessible (label, hint and error tied to the input by ``aria-describedby``) with no extra work.
"""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import (
    BaseForm,
    BoundField,
    DecimalField,
    HiddenInput,
    IntegerField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    widgets,
)
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

_WIDGET_CLASSES: tuple[tuple[type[widgets.Widget], str], ...] = (
    (widgets.CheckboxSelectMultiple, "usa-checkbox__input"),
    (widgets.RadioSelect, "usa-radio__input"),
    (widgets.CheckboxInput, "usa-checkbox__input"),
    (widgets.Select, "usa-select"),
    (widgets.Textarea, "usa-textarea"),
    (widgets.FileInput, "usa-file-input"),
    (widgets.Input, "usa-input"),
)


class USWDSBoundField(BoundField):
    """A bound field whose widget carries its USWDS class, and the error class when it has errors."""

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: widgets.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        classes = attrs.get("class", "").split()
        for widget_type, css_class in _WIDGET_CLASSES:
            if isinstance(widget, widget_type):
                classes.append(css_class)
                break
        if self.errors and isinstance(widget, widgets.Input | widgets.Select | widgets.Textarea):
            classes.append("usa-input--error")
        attrs["class"] = " ".join(dict.fromkeys(classes))
        return attrs


class USWDSFormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = USWDSBoundField


# The largest id or version number either database can store (a signed 64-bit integer). A bigger number
# typed into a form or an API call is simply not a valid choice; unchecked, it would crash the query.
MAX_DB_INT = 2**63 - 1


def _is_storable_id(value: Any) -> bool:
    try:
        return 0 < int(str(value)) <= MAX_DB_INT
    except ValueError:
        return False


class BoundedModelChoiceField(ModelChoiceField):
    """A model choice whose submitted id must be a storable positive integer before it is looked up."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _is_storable_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(ModelMultipleChoiceField):
    """A multiple model choice whose submitted ids must be storable positive integers."""

    def _check_values(self, value: Any) -> Any:
        for item in value:
            if not _is_storable_id(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)


class VersionField(IntegerField):
    """The hidden version number an edit started from (see ``civicadopt.concurrency``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", HiddenInput)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_DB_INT)
        super().__init__(**kwargs)


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form, field by field where the field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Rates, probabilities and shares: people type and read percentages ("3.5" or "3.5%"), the database, the
# API and the CLI keep fractions (0.035). The conversion happens here and nowhere else on the web side.
HUNDRED = Decimal(100)


def plain(number: Decimal) -> str:
    """Return ``number`` without exponent or trailing zeros: 0.10 x 100 reads "10"."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_text(fraction: Decimal) -> str:
    """Return a stored fraction as the percentage people type: 0.0350 reads "3.5", 0.3000 "30"."""
    return plain(Decimal(fraction) * HUNDRED)


class PercentInput(widgets.TextInput):
    """A text input followed by a "%" (a USWDS input suffix); typing "3.5%" works as well as "3.5"."""

    template_name = "forms/widgets/percent.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class PercentField(DecimalField):
    """A rate, probability or share typed as a percentage and cleaned to the stored fraction.

    ``minimum`` and ``maximum`` are in percent and refuse with ``range_message`` (which receives
    ``low`` and ``high`` already written as "-5%", "25%"); ``warn_between`` is a range in percent
    outside which the value is accepted but ``warning_message`` is added to the form's warnings
    (see ``WarningsMixin``). Stored fractions keep ``decimal_places + 2`` places.
    """

    widget = PercentInput

    def __init__(
        self,
        *,
        minimum: Decimal = Decimal(0),
        maximum: Decimal = HUNDRED,
        decimal_places: int = 2,
        range_message: Any = None,
        warn_between: tuple[Decimal, Decimal] | None = None,
        warning_message: Any = None,
        **kwargs: Any,
    ) -> None:
        self.minimum, self.maximum = Decimal(minimum), Decimal(maximum)
        self.range_message = range_message or _("Enter a percentage between %(low)s and %(high)s.")
        self.warn_between = warn_between
        self.warning_message = warning_message
        self.fraction = Decimal(10) ** -(decimal_places + 2)
        super().__init__(decimal_places=decimal_places, max_digits=None, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        # A stored value (a fraction) is shown as a percentage; typed text is shown as typed.
        return percent_text(value) if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)

    def clean(self, value: Any) -> Decimal | None:
        percent = super().clean(value)
        if percent is None:
            return None
        if not self.minimum <= percent <= self.maximum:
            raise ValidationError(
                self.range_message,
                code="range",
                params={"low": f"{plain(self.minimum)}%", "high": f"{plain(self.maximum)}%"},
            )
        return (percent / HUNDRED).quantize(self.fraction)

    def warning(self, fraction: Decimal | None) -> str | None:
        """Return the warning for a cleaned value outside the usual range, or None."""
        if fraction is None or self.warn_between is None:
            return None
        low, high = self.warn_between
        if low <= fraction * HUNDRED <= high:
            return None
        return str(self.warning_message or _("%(value)s is outside the usual %(low)s to %(high)s.")) % {
            "value": f"{percent_text(fraction)}%",
            "low": f"{plain(low)}%",
            "high": f"{plain(high)}%",
        }


class PercentPointsField(DecimalField):
    """A percentage stored as its number of percent (80 means 80%), for the few fields kept that way
    (a plan's confidence level, a programme's match); shown with the "%" suffix, "80%" typed works."""

    widget = PercentInput

    def __init__(
        self,
        *,
        minimum: Decimal = Decimal(0),
        maximum: Decimal = HUNDRED,
        range_message: Any = None,
        **kwargs: Any,
    ) -> None:
        # A model field's own limits are replaced by the range in percent below.
        for bound in ("min_value", "max_value", "max_digits"):
            kwargs.pop(bound, None)
        self.minimum, self.maximum = Decimal(minimum), Decimal(maximum)
        self.range_message = range_message or _("Enter a percentage between %(low)s and %(high)s.")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)

    def clean(self, value: Any) -> Decimal | None:
        percent = super().clean(value)
        if percent is not None and not self.minimum <= percent <= self.maximum:
            raise ValidationError(
                self.range_message,
                code="range",
                params={"low": f"{plain(self.minimum)}%", "high": f"{plain(self.maximum)}%"},
            )
        return percent


# Discount rates: beyond these a rate is refused; outside the usual band it is accepted with a warning
# (OMB A-94 and the Green Book use rates between about 1.5% and 7%; a negative rate is a rare choice).
DISCOUNT_RATE_LIMITS = (Decimal("-5"), Decimal("25"))
DISCOUNT_RATE_USUAL = (Decimal("0"), Decimal("10"))


def discount_rate_field(**kwargs: Any) -> PercentField:
    """The flat discount rate, typed in percent: refused outside -5%..25%, warned outside 0%..10%."""
    return PercentField(
        minimum=DISCOUNT_RATE_LIMITS[0],
        maximum=DISCOUNT_RATE_LIMITS[1],
        range_message=_("Enter a discount rate between %(low)s and %(high)s."),
        warn_between=DISCOUNT_RATE_USUAL,
        warning_message=_(
            "A discount rate of %(value)s is outside the usual %(low)s to %(high)s. It was saved: "
            "check it is the rate your policy sets."
        ),
        **kwargs,
    )


class MoneyInput(widgets.TextInput):
    """A text input after the currency symbol (a USWDS input prefix), e.g. "$ [ 1,200 ]"."""

    template_name = "forms/widgets/money.html"

    def __init__(self, attrs: dict[str, Any] | None = None, symbol: str = "$") -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.symbol = symbol

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["symbol"] = self.symbol.strip()
        return context


class MoneyField(DecimalField):
    """An amount of money typed as people write it: "1200", "1,200.50" or "$1,200" all read 1200(.50)."""

    widget = MoneyInput

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace(" ", "").lstrip("$£€")
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        # Stored amounts show with thousands separators and without needless cents: 1200.00 reads "1,200".
        if isinstance(value, Decimal):
            text = f"{value:,.2f}"
            return text.removesuffix(".00")
        return value

    def set_currency(self, currency: str) -> None:
        """Show the organisation's currency symbol before the box (and name it for screen readers)."""
        from civicadopt.reports.formatting import currency_symbol

        self.widget.symbol = currency_symbol(currency)


def parse_percent(text: str) -> Decimal:
    """Return the fraction of a percentage written as "3.5" or "3.5%"; raise ValueError otherwise."""
    try:
        return Decimal(text.strip().removesuffix("%").strip()) / HUNDRED
    except InvalidOperation as exc:
        raise ValueError(text) from exc


class WarningsMixin:
    """Soft checks: ``form.warnings`` lists what was accepted but looks wrong (an unusual rate, a
    duplicate line). The view shows them after saving (``flash_warnings``), so nothing is refused."""

    warnings: list[str]

    def full_clean(self) -> None:
        self.warnings = []
        super().full_clean()  # type: ignore[misc]
        cleaned: dict[str, Any] = getattr(self, "cleaned_data", {})
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            check: Callable[[Any], str | None] | None = getattr(field, "warning", None)
            if check is not None and name in cleaned:
                message = check(cleaned[name])
                if message:
                    self.warnings.append(message)

    def warn(self, message: Any) -> None:
        self.warnings.append(str(message))


def flash_warnings(request: HttpRequest, form: BaseForm) -> None:
    """Show a form's warnings on the next page (the one that confirms the save)."""
    for message in getattr(form, "warnings", []):
        messages.warning(request, message)
