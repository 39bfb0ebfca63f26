"""The error summary every form rendered through templates/forms/ shows at its top."""

from django import forms
from django.template.loader import render_to_string

from civicadopt.forms import VersionField


class _Form(forms.Form):
    title = forms.CharField(label="Title")
    budget = forms.DecimalField(label="Budget")
    version = VersionField()

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("The whole form is wrong.")


def test_a_form_without_errors_has_no_summary() -> None:
    html = str(_Form())
    assert "data-error-summary" not in html


def test_the_summary_lists_every_problem_with_a_link_to_each_field() -> None:
    # given
    form = _Form({"title": "", "budget": "lots", "version": "0"})
    # when
    html = str(form)
    # then
    assert html.count("data-error-summary") == 1
    assert 'tabindex="-1"' in html
    assert "There is a problem" in html
    assert 'href="#id_title"' in html
    assert 'href="#id_budget"' in html
    assert "Enter a number." in html
    assert "The whole form is wrong." in html
    # the hidden version field has no input to link to, but its error is still listed
    assert "Ensure this value is greater than or equal to 1." in html
    # the summary comes before the first field
    assert html.index("data-error-summary") < html.index('name="title"')


def test_extra_problems_link_to_their_target() -> None:
    html = render_to_string(
        "includes/error_summary.html",
        {
            "problems": [
                {"target": "cell-1-3", "label": "Staff time, year 3", "message": "Enter a number."},
                {"target": "", "label": "", "message": "Someone else saved first."},
            ],
            "summary_id": "grid",
        },
    )
    assert 'href="#cell-1-3"' in html
    assert "Staff time, year 3</a>: Enter a number." in html
    assert "Someone else saved first." in html
    assert 'id="grid-error-summary-heading"' in html
