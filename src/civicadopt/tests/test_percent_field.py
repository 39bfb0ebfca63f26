"""The one way people type rates and probabilities: percentages in, fractions stored, bounds in percent."""

from decimal import Decimal as D

from django import forms

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt.forms import PercentField, PercentPointsField, WarningsMixin, discount_rate_field


class RateForm(WarningsMixin, forms.Form):
    rate = discount_rate_field(label="Discount rate")


def test_a_stored_fraction_is_shown_as_a_percentage_with_a_suffix() -> None:
    form = RateForm(initial={"rate": D("0.0350")})
    html = str(form["rate"])
    assert 'value="3.5"' in html and "usa-input-suffix" in html and 'inputmode="decimal"' in html


@pytest.mark.parametrize("typed", ["3.5", "3.5%", " 3.5 % ", "3.50"])
def test_typed_percentages_clean_to_the_stored_fraction(typed: str) -> None:
    form = RateForm({"rate": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["rate"] == D("0.0350") and form.warnings == []


@pytest.mark.parametrize(
    ("typed", "refused"),
    [("-5.01", True), ("-5", False), ("25", False), ("25.01", True), ("40", True), ("abc", True)],
)
def test_discount_rates_outside_minus_5_to_25_percent_are_refused_in_percent_terms(
    typed: str, refused: bool
) -> None:
    form = RateForm({"rate": typed})
    assert form.is_valid() is not refused
    if refused and typed != "abc":
        assert form.errors["rate"] == ["Enter a discount rate between -5% and 25%."]


@pytest.mark.parametrize(
    ("typed", "warned"), [("-0.5", True), ("0", False), ("10", False), ("10.5", True), ("24", True)]
)
def test_discount_rates_outside_0_to_10_percent_are_accepted_with_a_warning(typed: str, warned: bool) -> None:
    form = RateForm({"rate": typed})
    assert form.is_valid()
    assert bool(form.warnings) is warned
    if warned:
        assert f"A discount rate of {typed}% is outside the usual 0% to 10%" in form.warnings[0]


@given(st.integers(min_value=-500, max_value=2500))
def test_fraction_shown_then_cleaned_is_the_same_fraction_to_4_places(basis_points: int) -> None:
    # given: every stored rate of 4 decimal places the bounds allow (-0.0500 .. 0.2500)
    fraction = (D(basis_points) / D(10000)).quantize(D("0.0001"))
    field = RateForm.base_fields["rate"]
    # when: it is shown, and the shown text is sent back
    shown = field.prepare_value(fraction)
    # then: nothing was lost or rounded
    assert field.clean(shown) == fraction
    assert field.clean(f"{shown}%") == fraction


def test_a_probability_has_its_own_bounds_and_message() -> None:
    field = PercentField(range_message="Enter a probability between %(low)s and %(high)s.")
    assert field.clean("65") == D("0.6500")
    with pytest.raises(forms.ValidationError) as raised:
        field.clean("140")
    assert raised.value.messages == ["Enter a probability between 0% and 100%."]


def test_a_percentage_kept_as_percent_accepts_the_sign_and_keeps_its_number() -> None:
    field = PercentPointsField(minimum=D(50), maximum=D(95), decimal_places=0)
    assert field.clean("80%") == D(80)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean("99")
    assert raised.value.messages == ["Enter a percentage between 50% and 95%."]


def test_money_is_typed_as_people_write_it_and_shown_with_its_currency_symbol() -> None:
    from civicadopt.forms import MoneyField

    field = MoneyField(max_digits=16, decimal_places=2)
    assert [field.clean(text) for text in ("1200", "1,200.50", "$1,200", " 1 200 ")] == [
        D(1200), D("1200.50"), D(1200), D(1200),
    ]  # fmt: skip
    field.set_currency("GBP")
    assert field.prepare_value(D("1200.00")) == "1,200" and field.prepare_value(D("0.5")) == "0.50"
    html = field.widget.render("amount", field.prepare_value(D("1200.00")))
    assert "usa-input-prefix" in html and "£" in html and 'value="1,200"' in html
