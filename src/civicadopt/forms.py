"""Form rendering with USWDS markup, shared by every form in the product.

Every form renders through ``templates/forms/`` and every widget gets the USWDS class for its kind, so a
new form is accessible (label, hint and error tied to the input by ``aria-describedby``) with no extra work.
"""

from typing import Any

from django.forms import BoundField, widgets
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
