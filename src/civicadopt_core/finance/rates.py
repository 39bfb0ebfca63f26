"""Published discount rates kept as dated data with their source, and the city's own real rate.

Each published rate says which document sets it, when it was issued and from when (and until when) it is
in force, like the dated parameters of OpenFisca: a business case records the rate it used and its source,
and a later change of guidance never silently changes an old appraisal.

United States (federal guidance that many cities follow for benefit-cost analysis):

- OMB Circular A-94, "Guidelines and Discount Rates for Benefit-Cost Analysis of Federal Programs",
  revised 29 October 1992, section 8.b: a real discount rate of 7 percent for the base-case analysis of
  public investments (the approximate marginal pre-tax rate of return on an average private investment).
- The November 2023 revision of Circular A-94 replaced it from 1 January 2024 with a much lower real rate.
  OMB memorandum M-25-23, "Rescission and Reinstatement of Circular No. A-94" (February 2025), rescinded
  that revision and reinstated the 1992 Circular, so the 7 percent base case is again the one in force.
  The 2023 revision is therefore not offered.
- Appendix C of the Circular: real (and nominal) interest rates on Treasury notes and bonds of 3, 5, 7,
  10 and 30 years (20 years in recent editions), updated each year with the President's budget, for
  cost-effectiveness and lease-purchase analysis. A period between two maturities takes the linear
  interpolation of their rates; a period over 30 years takes the 30-year rate (Appendix C's own rule).

A city may instead discount at its own real rate, derived from what it pays to borrow:
``real = (1 + nominal) / (1 + inflation) - 1`` (the Fisher relation, as in Circular A-94 section 7).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from itertools import pairwise

ONE = Decimal(1)


@dataclass(frozen=True)
class PublishedRate:
    """A real discount rate set by a published document, and the dates it applies between."""

    key: str
    rate: Decimal
    source: str
    issued: date
    in_force_from: date
    in_force_to: date | None
    use: str

    def in_force_on(self, day: date) -> bool:
        """Return whether this rate is the one in force on ``day``."""
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


# The 1992 Circular was in force from its issue until the 2023 revision took effect on 1 January 2024,
# and again from M-25-23. The two periods are two records, so that a case appraised in either one can
# show which document it followed. The stored copy of M-25-23 gives its month (February 2025) but not
# its day: the first of the month stands for it.
OMB_A94_1992_BASE_CASE = PublishedRate(
    key="omb-a94-1992",
    rate=Decimal("0.07"),
    source=(
        "OMB Circular A-94 (revised 29 October 1992), section 8.b, base-case real discount rate; "
        "reinstated by OMB memorandum M-25-23 (February 2025)"
    ),
    issued=date(1992, 10, 29),
    in_force_from=date(2025, 2, 1),
    in_force_to=None,
    use="benefit-cost analysis of public investments",
)
OMB_A94_1992_BEFORE_2024 = PublishedRate(
    key="omb-a94-1992-until-2023",
    rate=Decimal("0.07"),
    source="OMB Circular A-94 (revised 29 October 1992), section 8.b, base-case real discount rate",
    issued=date(1992, 10, 29),
    in_force_from=date(1992, 10, 29),
    in_force_to=date(2023, 12, 31),
    use="benefit-cost analysis of public investments",
)

US_PUBLISHED_RATES: tuple[PublishedRate, ...] = (OMB_A94_1992_BASE_CASE, OMB_A94_1992_BEFORE_2024)


def rates_in_force(rates: tuple[PublishedRate, ...], *, on: date) -> tuple[PublishedRate, ...]:
    """Return the rates of ``rates`` that are in force on the day ``on``, in their given order."""
    return tuple(rate for rate in rates if rate.in_force_on(on))


@dataclass(frozen=True)
class TreasuryRates:
    """One edition of Circular A-94 Appendix C: real rates by maturity in years, and its validity."""

    edition: str
    source: str
    valid_from: date
    valid_to: date
    real: tuple[tuple[int, Decimal], ...]

    def __post_init__(self) -> None:
        maturities = [years for years, _ in self.real]
        if not maturities or maturities != sorted(set(maturities)):
            raise ValueError(f"{self.edition}: maturities must be given once each, shortest first")

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def rate_for(self, years: int) -> Decimal:
        """Return the real rate for an analysis of ``years`` years (Appendix C's interpolation rule).

        Shorter than the shortest maturity takes the shortest one's rate; longer than the longest takes
        the longest one's; between two maturities, the straight line between their rates.
        """
        if years < 1:
            raise ValueError("the analysis period must be at least one year")
        table = self.real
        if years <= table[0][0]:
            return table[0][1]
        for (low_years, low_rate), (high_years, high_rate) in pairwise(table):
            if years <= high_years:
                with localcontext() as context:
                    context.prec = 28
                    share = Decimal(years - low_years) / Decimal(high_years - low_years)
                    return low_rate + (high_rate - low_rate) * share
        return table[-1][1]


# Editions whose figures were read from the published text; each year's edition is added here as data
# when OMB publishes it. Only an edition valid on the day of the appraisal is offered.
APPENDIX_C_1999 = TreasuryRates(
    edition="Appendix C (revised January 1999)",
    source="OMB Circular A-94 Appendix C, revised January 1999 (M-99-11), real interest rates",
    valid_from=date(1999, 1, 1),
    valid_to=date(2000, 1, 31),
    real=((3, Decimal("0.026")), (5, Decimal("0.027")), (7, Decimal("0.027")), (10, Decimal("0.027")),
          (30, Decimal("0.029"))),
)  # fmt: skip
APPENDIX_C_2000 = TreasuryRates(
    edition="Appendix C (revised January 2000)",
    source="OMB Circular A-94 Appendix C, revised January 2000, real interest rates",
    valid_from=date(2000, 2, 1),
    valid_to=date(2001, 1, 31),
    real=((3, Decimal("0.038")), (5, Decimal("0.039")), (7, Decimal("0.040")), (10, Decimal("0.040")),
          (30, Decimal("0.042"))),
)  # fmt: skip
APPENDIX_C_EDITIONS: tuple[TreasuryRates, ...] = (APPENDIX_C_1999, APPENDIX_C_2000)


def appendix_c_on(
    day: date, editions: tuple[TreasuryRates, ...] = APPENDIX_C_EDITIONS
) -> TreasuryRates | None:
    """Return the Appendix C edition valid on ``day``, or None when none of the known ones is."""
    for edition in editions:
        if edition.valid_on(day):
            return edition
    return None


def real_rate(*, nominal: Decimal, inflation: Decimal) -> Decimal:
    """Return the real rate for a ``nominal`` rate and expected ``inflation`` (fractions a year).

    ``(1 + nominal) / (1 + inflation) - 1``, rounded to 6 decimal places (a hundredth of a basis point).
    A city borrowing at 4.5% with 2.5% inflation expected discounts at about 1.95% real.
    """
    if inflation <= -1:
        raise ValueError("inflation must be above -100%")
    if nominal <= -1:
        raise ValueError("the nominal rate must be above -100%")
    with localcontext() as context:
        context.prec = 28
        return ((ONE + nominal) / (ONE + inflation) - ONE).quantize(Decimal("0.000001"))
