"""Turn a stored calculation run into what people read: labelled measures with plain-language
explanations, charts with their data tables, and where every figure came from.

Shared by the results page and the council report, so both always show the same figures.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from civicadopt.charts import (
    BarGroup,
    Chart,
    Marker,
    Series,
    TornadoInput,
    bar_chart,
    histogram,
    line_chart,
    tornado_chart,
)
from civicadopt.charts.histogram import values_from_bins
from civicadopt.reports.formatting import format_value

from .models import BusinessCase, CalculationRun


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any
    kind: str  # money, ratio, percent, years
    explanation: Any


MEASURES: tuple[Measure, ...] = (
    Measure("pv_costs", _("Present value of costs"), "money", _("All the costs, in today's money: each year's cost multiplied by its discount factor.")),
    Measure("pv_benefits", _("Present value of benefits"), "money", _("All the benefits, in today's money.")),
    Measure("npv", _("Net present value (NPV)"), "money", _("Benefits minus costs in today's money. Above zero, the option adds value.")),
    Measure("bcr", _("Benefit-cost ratio"), "ratio", _("Dollars of benefit for each dollar of cost. Above 1 is value for money.")),
    Measure("irr", _("Internal rate of return"), "percent", _("The yearly return the option earns. Compare it with the discount rate. None when the flows do not have a single such rate.")),
    Measure("roi", _("Return on investment"), "percent", _("Net present value as a share of the cost.")),
    Measure("payback_years", _("Payback (years)"), "years", _("Years until the money spent is earned back, without discounting. None: not within the appraisal.")),
    Measure("discounted_payback_years", _("Discounted payback (years)"), "years", _("The same, in today's money.")),
    Measure("whole_life_cost", _("Whole-life cost"), "money", _("Every cost over the option's life, not discounted: the total cost of ownership.")),
    Measure("equivalent_annual_cost", _("Equivalent annual cost"), "money", _("The level yearly payment with the same present value as the costs.")),
)  # fmt: skip


def number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _display(value: Decimal | None, kind: str, currency: str) -> str:
    if value is None:
        return str(_("none"))
    places = {"money": 0, "ratio": 2, "percent": 1, "years": 1}[kind]
    return format_value(value, kind, currency, places)  # type: ignore[arg-type]


def provenance(run: CalculationRun) -> str:
    """Return the sentence that ties figures to their stored run: inputs, seed, iterations, method."""
    text = _("Calculation run %(run)d of %(when)s, method %(method)s") % {
        "run": run.pk, "when": run.created_at.strftime("%d %b %Y %H:%M"), "method": run.method_version,
    }  # fmt: skip
    if run.iterations:
        text += _(", %(n)s Monte Carlo iterations with seed %(seed)d") % {
            "n": f"{run.iterations:,}",
            "seed": run.seed,
        }
    return text + "."


def _money_label(currency: str) -> str:
    return {"USD": "$", "CAD": "$", "AUD": "$", "GBP": "£", "EUR": "€"}.get(currency, currency + " ")


def build_charts(results: dict[str, Any], first_year: int, currency: str) -> list[Chart]:
    """Return the charts of a run: cumulative discounted net flow, costs and benefits by year, tornado, NPV."""
    money = _money_label(currency)
    options = results["options"]
    charts = [
        line_chart(
            title=str(_("Cumulative discounted net cash flow")),
            x_label=str(_("Year")), y_label=str(_("Cumulative net, today's money")), money=money,
            series=[
                Series(row["name"], [(first_year + year, float(value)) for year, value in enumerate(row["yearly"]["cumulative_discounted_net"])])
                for row in options
            ],
        )
    ]  # fmt: skip
    years = [str(first_year + year) for year in range(results["horizon_years"] + 1)]
    for row in options:
        if row["is_business_as_usual"] and not any(
            Decimal(v) for v in row["yearly"]["costs"] + row["yearly"]["benefits"]
        ):
            continue
        charts.append(bar_chart(
            title=str(_("Costs and benefits by year: %(option)s") % {"option": row["name"]}),
            x_label=str(_("Year")), y_label=str(_("Amount, price base year")), categories=years, money=money,
            groups=[
                BarGroup(str(_("Costs")), [float(v) for v in row["yearly"]["costs"]]),
                BarGroup(str(_("Benefits")), [float(v) for v in row["yearly"]["benefits"]]),
            ],
        ))  # fmt: skip
    for row in options:
        if row["tornado"]:
            charts.append(tornado_chart(
                title=str(_("What moves the NPV most: %(option)s") % {"option": row["name"]}),
                base_value=float(row["npv"]), money=money,
                bars=[TornadoInput(bar["item"], float(bar["npv_at_low"]), float(bar["npv_at_high"])) for bar in row["tornado"]],
            ))  # fmt: skip
        simulation = row.get("simulation")
        if simulation and any(simulation["histogram"]["counts"]):
            edges, counts = simulation["histogram"]["edges"], simulation["histogram"]["counts"]
            values = values_from_bins(edges, counts)
            charts.append(histogram(
                title=str(_("Range of possible NPVs: %(option)s") % {"option": row["name"]}),
                values=values, bins=len(counts), money=money,
                markers=[Marker("P10", simulation["p10"]), Marker("P50", simulation["p50"]), Marker("P90", simulation["p90"])],
            ))  # fmt: skip
    return charts


def results_context(case: BusinessCase, run: CalculationRun, *, charts: bool) -> dict[str, Any]:
    """Return what the results page and report show for ``run``."""
    results = run.results
    currency = case.initiative.organisation.currency
    rows = []
    for measure in MEASURES:
        values = [number(option.get(measure.key)) for option in results["options"]]
        incremental = [
            number((option.get("incremental") or {}).get(measure.key)) for option in results["options"]
        ]
        rows.append({
            "measure": measure,
            "cells": [_display(value, measure.kind, currency) for value in values],
            "incremental_cells": [
                _display(value, measure.kind, currency) if "incremental" in option else ""
                for value, option in zip(incremental, results["options"], strict=True)
            ],
        })  # fmt: skip
    return {
        "results": results,
        "options": results["options"],
        "measure_rows": rows,
        "has_baseline": results.get("baseline") is not None,
        "charts": build_charts(results, case.first_year, currency) if charts else [],
        "provenance": provenance(run),
        "currency": currency,
        "simulation": results.get("simulation"),
    }
