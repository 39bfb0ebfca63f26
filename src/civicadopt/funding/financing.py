"""Comparing ways to pay for an initiative — cash, a loan, a lease, a subscription — by the present value
of their payments at the city's borrowing rate (``civicadopt_core.funding.financing``). Nothing is stored:
the form's inputs are in the page address, so a comparison can be shared as a link.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicadopt_core.funding import FinancingOption, compare_financing

LABELS = {
    "cash": _("Pay cash now"),
    "loan": _("Borrow: a loan repaid in equal yearly payments"),
    "lease": _("Lease"),
    "subscription": _("Subscription"),
}


class FinancingForm(forms.Form):
    """The inputs of a comparison of paying cash, borrowing, leasing or subscribing (GET: nothing stored)."""

    amount = forms.DecimalField(
        label=_("Amount to pay for"), min_value=Decimal("1"), max_digits=14, decimal_places=2,
        help_text=_("The cost paid up front if the city paid cash, e.g. the implementation cost."),
    )  # fmt: skip
    years = forms.IntegerField(label=_("Years"), min_value=1, max_value=30, initial=5)
    borrowing_rate = forms.DecimalField(
        label=_("The city's borrowing rate"), min_value=Decimal("-0.05"), max_value=Decimal("0.5"),
        max_digits=6, decimal_places=4, initial=Decimal("0.0400"),
        help_text=_("A fraction: 0.04 means 4% a year. Future payments are discounted at this rate."),
    )  # fmt: skip
    loan_rate = forms.DecimalField(
        label=_("Loan interest rate"), min_value=Decimal("0"), max_value=Decimal("0.5"), max_digits=6,
        decimal_places=4, initial=Decimal("0.0450"),
    )  # fmt: skip
    lease_payment = forms.DecimalField(
        label=_("Lease payment a year (optional)"), required=False, min_value=Decimal("0"), max_digits=14,
        decimal_places=2, help_text=_("Paid at the start of each year."),
    )  # fmt: skip
    subscription_payment = forms.DecimalField(
        label=_("Subscription a year (optional)"), required=False, min_value=Decimal("0"), max_digits=14,
        decimal_places=2, help_text=_("Paid at the start of each year, e.g. software as a service."),
    )  # fmt: skip


def compare(data: dict[str, Any]) -> list[tuple[str, FinancingOption]]:
    """The options for the form's cleaned ``data``, each with its label, cheapest marked by the core."""
    options = compare_financing(
        data["amount"],
        data["years"],
        borrowing_rate=data["borrowing_rate"],
        loan_rate=data["loan_rate"],
        lease_payment=data.get("lease_payment"),
        subscription_payment=data.get("subscription_payment"),
    )
    return [(str(LABELS.get(str(option.name), option.name)), option) for option in options]
