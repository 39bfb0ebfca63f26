"""Form rendering with USWDS markup, shared by every form in the product.

Every form renders through ``templates/forms/`` and every widget gets the USWDS class for its kind, so a
new form is accessible (label, hint and error tied to the input by ``aria-describedby``) with no extra work.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import (
    BaseForm,
    BoundField,
    HiddenInput,
    IntegerField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    widgets,
)
from django.forms.renderers import TemplatesSetting

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
