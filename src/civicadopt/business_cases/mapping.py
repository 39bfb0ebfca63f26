"""ORM rows <-> the core's frozen dataclasses (lines, discount schedules, optimism bias)."""

from dataclasses import replace
from decimal import Decimal

from civicadopt_core.finance import GREEN_BOOK, DiscountSchedule, flat_schedule
from civicadopt_core.finance import Line as CoreLine
from civicadopt_core.finance.flows import Distribution, Kind
from civicadopt_core.finance.optimism import OptimismBias, ProjectType, optimism_bias
from civicadopt_core.finance.prices import deflate

from .models import BusinessCase, Line, Prices, Schedule


def to_core_line(line: Line, option_name: str) -> CoreLine:
    return CoreLine(
        option=option_name,
        kind=Kind(line.kind),
        category=line.category,
        name=line.name,
        year=line.year,
        amount=line.amount,
        low=line.low,
        high=line.high,
        distribution=Distribution(line.distribution),
        group=line.group,
    )


def to_core_lines(case: BusinessCase) -> list[CoreLine]:
    """Return every line of every option of ``case`` as core lines in real terms, named by option.

    Amounts entered in nominal terms are deflated to the price base year first (Green Book A6.3: appraise
    in real prices), so the discount rates apply to real flows as they are meant to.
    """
    names = {option.pk: option.name for option in case.options.all()}
    lines = Line.objects.filter(option__business_case=case).order_by(
        "option__position", "option_id", "kind", "year", "name", "id"
    )
    core = [to_core_line(line, names[line.option_id]) for line in lines]
    if case.prices != Prices.NOMINAL:
        return core
    base = case.price_base_year - case.first_year
    inflation = Decimal(case.inflation)

    def real(amount: Decimal | None, year: int) -> Decimal | None:
        return (
            None if amount is None else deflate(amount, year=year, inflation=inflation, base_year_index=base)
        )

    return [
        replace(
            line,
            amount=real(line.amount, line.year),
            low=real(line.low, line.year),
            high=real(line.high, line.year),
        )
        for line in core
    ]


def to_schedule(case: BusinessCase) -> DiscountSchedule:
    if case.schedule == Schedule.GREEN_BOOK:
        return GREEN_BOOK
    return flat_schedule(
        Decimal(case.discount_rate),
        source=case.discount_rate_source or "set in the business case",
        name=f"flat {case.discount_rate:.4f}",
    )


def to_optimism_bias(case: BusinessCase) -> OptimismBias | None:
    if not case.project_type:
        return None
    return optimism_bias(ProjectType(case.project_type), Decimal(case.optimism_mitigation))
