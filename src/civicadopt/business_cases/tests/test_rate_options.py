"""The rate choices offered by country, and what a choice writes into the business case's fields."""

from datetime import date
from decimal import Decimal

from django import forms

from civicadopt.business_cases.models import BusinessCase
from civicadopt.business_cases.rate_options import CITY_BORROWING, RateChoiceFields, rate_choices
from civicadopt_core.finance.rates import APPENDIX_C_2000

TODAY = date(2026, 12, 8)


class CaseRateForm(RateChoiceFields, forms.ModelForm):
    class Meta:
        model = BusinessCase
        fields = ["schedule", "discount_rate", "discount_rate_source"]

    def __init__(self, *args, country: str, on: date = TODAY, years: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_rates(country=country, on=on, years=years)


def typed(**values: str) -> dict[str, str]:
    return {"schedule": "flat", "discount_rate": "0.0300", "discount_rate_source": "typed", **values}


def test_a_us_city_is_offered_the_a94_base_case_in_force_today():
    # when
    choices = rate_choices(country="US", on=TODAY)

    # then
    assert [(c.key, c.rate, c.schedule) for c in choices] == [("omb-a94-1992", Decimal("0.07"), "flat")]
    assert "M-25-23" in choices[0].source
    assert "February 2025" in choices[0].label


def test_a_uk_council_is_offered_the_green_book_and_no_us_rate():
    choices = rate_choices(country="GB", on=TODAY)
    assert [(c.key, c.schedule, c.rate) for c in choices] == [("green-book", "green-book", None)]


def test_appendix_c_is_offered_only_while_an_edition_is_valid_and_for_the_period():
    assert [c.key for c in rate_choices(country="US", on=TODAY, years=10)] == ["omb-a94-1992"]
    in_2000 = rate_choices(country="US", on=date(2000, 6, 1), years=4)
    appendix = [c for c in in_2000 if c.key == "omb-a94-appendix-c"]
    assert appendix and appendix[0].rate == APPENDIX_C_2000.rate_for(4) == Decimal("0.0385")
    assert "4-year rate" in appendix[0].source


def test_choosing_the_a94_base_case_fills_the_rate_and_its_source():
    form = CaseRateForm(typed(rate_choice="omb-a94-1992"), country="US")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["discount_rate"] == Decimal("0.07")
    assert form.cleaned_data["schedule"] == "flat"
    assert "Circular A-94" in form.cleaned_data["discount_rate_source"]
    assert "rate_choice" not in form.cleaned_data  # the service receives only the case's own fields
    assert form.instance.discount_rate == Decimal("0.07")


def test_the_city_rate_is_derived_from_borrowing_and_inflation_and_says_how():
    form = CaseRateForm(
        typed(rate_choice=CITY_BORROWING, borrowing_rate="4.5", expected_inflation="2.5"), country="US"
    )
    assert form.is_valid(), form.errors
    # (1.045 / 1.025) - 1 = 0.019512..., stored with four decimals
    assert form.cleaned_data["discount_rate"] == Decimal("0.0195")
    assert form.cleaned_data["discount_rate_source"] == (
        "City's own real rate: borrowing at 4.5% with 2.5% inflation expected, (1 + 4.5%) / (1 + 2.5%) - 1 = 1.95%"
    )
    assert "borrowing_rate" not in form.cleaned_data


def test_the_city_rate_names_the_missing_field():
    form = CaseRateForm(typed(rate_choice=CITY_BORROWING, borrowing_rate="4.5"), country="US")
    assert not form.is_valid()
    assert list(form.errors) == ["expected_inflation"]


def test_keeping_the_typed_rate_changes_nothing():
    form = CaseRateForm(typed(borrowing_rate="9"), country="US")
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["discount_rate"], form.cleaned_data["discount_rate_source"]) == (
        Decimal("0.0300"),
        "typed",
    )


def test_a_uk_form_has_no_borrowing_fields_and_refuses_a_us_choice():
    form = CaseRateForm(typed(rate_choice="omb-a94-1992"), country="GB")
    assert "borrowing_rate" not in form.fields
    assert not form.is_valid()
    assert "rate_choice" in form.errors
    green = CaseRateForm(typed(rate_choice="green-book"), country="GB")
    assert green.is_valid(), green.errors
    assert green.cleaned_data["schedule"] == "green-book"


def test_the_business_case_form_offers_the_countrys_rates_and_stage_names():
    from civicadopt.business_cases.forms import BusinessCaseForm

    us = BusinessCaseForm(country="US", today=TODAY)
    uk = BusinessCaseForm(country="GB", today=TODAY)
    assert us.fields["stage"].choices[0][1] == "Preliminary business case"
    assert uk.fields["stage"].choices[0][1] == "Strategic outline case"
    assert [key for key, _label in us.fields["rate_choice"].choices] == ["", "omb-a94-1992", CITY_BORROWING]
    assert [key for key, _label in uk.fields["rate_choice"].choices] == ["", "green-book"]
    # the choice sits just before the schedule it fills in
    names = list(us.fields)
    assert names.index("rate_choice") + 3 == names.index("schedule")
