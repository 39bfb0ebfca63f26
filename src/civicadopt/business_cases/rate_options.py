"""The discount rates a business case may start from, by the organisation's country, and the form fields
that offer them.

A choice fills the case's schedule, flat rate and "source of the discount rate" from dated, sourced data
(``civicadopt_core.finance.rates``), so the council report can say where the rate comes from:

- United States: OMB Circular A-94's 7% real base case (in force again since M-25-23, February 2025),
  the Appendix C real rate for the appraisal period when an edition valid today is on record, and the
  city's own real rate, derived from what it pays to borrow and the inflation it expects.
- United Kingdom: the HM Treasury Green Book's declining schedule (3.5% for years 0-30).

Every country may also keep a rate typed by hand (with its source).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.conventions import BRITISH_SPELLING_COUNTRIES
from civicadopt_core.finance.rates import (
    OMB_A94_1992_BASE_CASE,
    US_PUBLISHED_RATES,
    appendix_c_on,
    rates_in_force,
    real_rate,
)

from .models import Schedule

HUNDRED = Decimal(100)
# The case stores rates with four decimal places (0.0195 is 1.95%).
STORED = Decimal("0.0001")
CITY_BORROWING = "city-borrowing"
GREEN_BOOK = "green-book"
APPENDIX_C = "omb-a94-appendix-c"


@dataclass(frozen=True)
class RateChoice:
    """One choice offered in the form: what it fills in, and the words that label it."""

    key: str
    label: str
    schedule: str
    rate: Decimal | None
    source: str


def _percent(rate: Decimal) -> str:
    return f"{(rate * HUNDRED).normalize():f}%"


def rate_choices(*, country: str, on: date, years: int | None = None) -> list[RateChoice]:
    """Return the published rates an organisation of ``country`` may choose on day ``on``.

    ``years`` is the appraisal period, which picks the Appendix C maturity (none offered without it).
    """
    if country.upper() in BRITISH_SPELLING_COUNTRIES:
        return [
            RateChoice(
                key=GREEN_BOOK,
                label=gettext("HM Treasury Green Book: 3.5% for years 0 to 30, then declining"),
                schedule=Schedule.GREEN_BOOK,
                rate=None,
                source="HM Treasury, The Green Book (2022), Annex A6, Table 8",
            )
        ]
    choices = [
        RateChoice(
            key=published.key,
            label=gettext("OMB Circular A-94 base case: %(rate)s real (in force since %(since)s)")
            % {"rate": _percent(published.rate), "since": published.in_force_from.strftime("%B %Y")},
            schedule=Schedule.FLAT,
            rate=published.rate,
            source=published.source,
        )
        for published in rates_in_force(US_PUBLISHED_RATES, on=on)
        if published.key == OMB_A94_1992_BASE_CASE.key
    ]
    edition = appendix_c_on(on)
    if edition is not None and years:
        rate = edition.rate_for(years)
        choices.append(
            RateChoice(
                key=APPENDIX_C,
                label=gettext("OMB A-94 Appendix C real rate for %(years)s years: %(rate)s (%(edition)s)")
                % {"years": years, "rate": _percent(rate), "edition": edition.edition},
                schedule=Schedule.FLAT,
                rate=rate,
                source=f"{edition.source}, {years}-year rate",
            )
        )
    return choices


class RateChoiceFields(forms.Form):
    """Form fields (mixed into the business-case form) that fill the rate from a published choice.

    Call ``offer_rates(country=..., on=...)`` from the form's ``__init__``; ``clean()`` then writes the
    chosen schedule, rate and source into ``cleaned_data`` (and so into the case) and takes its own three
    fields out of it, so a view passes ``cleaned_data`` to the service as before.
    """

    rate_choice = forms.ChoiceField(
        label=_("Start from a published or city rate"),
        required=False,
        help_text=_(
            "Fills in the schedule, the flat rate and its source below. Leave as it is to type them."
        ),
    )
    borrowing_rate = forms.DecimalField(
        label=_("City's borrowing rate (%)"),
        required=False,
        min_value=Decimal("-5"),
        max_value=Decimal("30"),
        decimal_places=3,
        help_text=_("For the city's own rate: the interest rate on its recent bonds or loans, e.g. 4.5."),
    )
    expected_inflation = forms.DecimalField(
        label=_("Inflation expected over the period (%)"),
        required=False,
        min_value=Decimal("-5"),
        max_value=Decimal("30"),
        decimal_places=3,
        help_text=_(
            "For the city's own rate, e.g. 2.5. The real rate is (1 + borrowing) / (1 + inflation) - 1."
        ),
    )

    def offer_rates(self, *, country: str, on: date, years: int | None = None) -> None:
        self._rate_choices = {
            choice.key: choice for choice in rate_choices(country=country, on=on, years=years)
        }
        options: list[tuple[str, Any]] = [("", _("Keep the rate typed below"))]
        options += [(choice.key, choice.label) for choice in self._rate_choices.values()]
        if country.upper() not in BRITISH_SPELLING_COUNTRIES:
            options.append(
                (CITY_BORROWING, _("The city's own real rate, from its borrowing rate and inflation"))
            )
        else:
            for name in ("borrowing_rate", "expected_inflation"):
                del self.fields[name]
        self.fields["rate_choice"].choices = options

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # These fields only steer the ones below; the case does not store them.
        key = cleaned.pop("rate_choice", "") or ""
        nominal, inflation = cleaned.pop("borrowing_rate", None), cleaned.pop("expected_inflation", None)
        if key == CITY_BORROWING:
            for name, value in (("borrowing_rate", nominal), ("expected_inflation", inflation)):
                if value is None and name not in self.errors:
                    self.add_error(name, gettext("Enter this to derive the city's own real rate."))
            if nominal is None or inflation is None:
                return cleaned
            real = real_rate(nominal=nominal / HUNDRED, inflation=inflation / HUNDRED).quantize(STORED)
            cleaned["schedule"] = Schedule.FLAT
            cleaned["discount_rate"] = real
            cleaned["discount_rate_source"] = gettext(
                "City's own real rate: borrowing at %(nominal)s%% with %(inflation)s%% inflation expected, "
                "(1 + %(nominal)s%%) / (1 + %(inflation)s%%) - 1 = %(real)s"
            ) % {"nominal": f"{nominal.normalize():f}", "inflation": f"{inflation.normalize():f}",
                 "real": _percent(real)}  # fmt: skip
        elif key:
            choice = self._rate_choices[key]
            cleaned["schedule"] = choice.schedule
            if choice.rate is not None:
                cleaned["discount_rate"] = choice.rate
            cleaned["discount_rate_source"] = choice.source
        return cleaned
