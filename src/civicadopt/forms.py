"""Form rendering with USWDS markup, shared by every form in the product."""

from django.forms.renderers import TemplatesSetting


class USWDSFormRenderer(TemplatesSetting):
    """Render forms and fields through ``templates/forms/`` (labels, hints, errors tied by aria-describedby)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
