"""Turn a stored calculation run into what people read: labelled measures with plain-language
explanations, charts with their data tables, and where every figure came from.

Shared by the results page and the council report, so both always show the same figures.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
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
from civicadopt.reports.formatting import format_date, format_value
from civicadopt.reports.titles import method_words, trials_words

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
    Measure("irr", _("Internal rate of return"), "percent", _("The yearly return the option earns. Compare it with the discount rate.")),
    Measure("roi", _("Return on investment"), "percent", _("Net present value as a share of the cost. Business as usual has none: it is the baseline.")),
    Measure("payback_years", _("Payback (years)"), "years", _("Years until the money spent is earned back, without discounting.")),
    Measure("discounted_payback_years", _("Discounted payback (years)"), "years", _("The same, in today's money.")),
    Measure("whole_life_cost", _("Whole-life cost"), "money", _("Every cost over the option's life, not discounted: the total cost of ownership.")),
    Measure("equivalent_annual_cost", _("Equivalent annual cost"), "money", _("The level yearly payment with the same present value as the costs.")),
)  # fmt: skip


# Business as usual is the baseline every option is compared with: a return, a ratio or a payback of
# "carrying on as today" means nothing (HM Treasury Green Book 5.6), so those cells say so instead.
BASELINE_ONLY_BLANK = frozenset({"bcr", "irr", "roi", "payback_years", "discounted_payback_years"})


def number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _format(value: Decimal, kind: str, currency: str) -> str:
    places = {"money": 0, "ratio": 2, "percent": 1, "years": 1}[kind]
    return format_value(value, kind, currency, places)  # type: ignore[arg-type]


def why_none(key: str, figures: dict[str, Any], years: int) -> str:
    """Return the plain-language reason a measure has no value (instead of "none")."""
    costs = number(figures.get("pv_costs")) or Decimal(0)
    benefits = number(figures.get("pv_benefits")) or Decimal(0)
    if key in ("bcr", "roi") and costs == 0:
        return str(_("No ratio: this option has no costs counted."))
    if key == "irr" and benefits == 0:
        return str(_("No rate of return: this option has no benefits counted."))
    if key == "irr":
        return str(
            _("No single rate of return: the yearly net flows never turn positive, or turn more than once.")
        )
    if key in ("payback_years", "discounted_payback_years"):
        if benefits == 0:
            return str(_("Never paid back: this option has no benefits counted."))
        return str(_("Not paid back within the %(years)d years of the appraisal.") % {"years": years})
    return str(_("Not available for this option."))


def cell_text(
    key: str, kind: str, figures: dict[str, Any], currency: str, years: int, *, baseline: bool
) -> str:
    """Return what a council reads in a measure's cell for one option."""
    if baseline and key in BASELINE_ONLY_BLANK:
        return str(_("Not applicable: the baseline"))
    value = number(figures.get(key))
    return why_none(key, figures, years) if value is None else _format(value, kind, currency)


def _percent(text: str) -> str:
    return f"{(Decimal(text) * 100).normalize():f}%"


def rate_words(settings: dict[str, str]) -> str:
    """Return the discounting of a run as people say it: "at 3.5% a year" or "at the Green Book rates"."""
    if settings.get("schedule", "flat") == "flat":
        return str(_("at %(rate)s a year") % {"rate": _percent(settings["discount_rate"])})
    return str(_("at the Green Book's declining discount rates"))


def preferred_verdict(case: BusinessCase, run: CalculationRun) -> str:
    """Return the plain sentence a council needs when the preferred option loses money, else "".

    The figure is the option's NPV compared with business as usual when there is a baseline (what the
    decision changes), otherwise its own NPV. The reason it may still be preferred comes from the case's
    own rationale; without one, the sentence asks for it.
    """
    option = case.preferred_option
    if option is None:
        return ""
    results = run.results
    row = next((row for row in results["options"] if row["name"] == option.name), None)
    if row is None or row["is_business_as_usual"]:
        return ""
    figures = row.get("incremental") or row
    npv = number(figures.get("npv"))
    if npv is None or npv >= 0:
        return ""
    currency = case.initiative.organisation.currency
    values = {
        "option": option.name,
        "years": results["horizon_years"] + 1,
        "rate": rate_words(run.inputs.get("settings", {})),
        "amount": _format(-npv, "money", currency),
    }
    if "incremental" in row:
        text = (
            _(
                "%(option)s costs more than it saves compared with business as usual: over %(years)d years, "
                "discounted %(rate)s, its extra costs exceed its extra benefits by %(amount)s in today's money."
            )
            % values
        )
    else:
        text = (
            _(
                "%(option)s costs more than it saves: over %(years)d years, discounted %(rate)s, its costs "
                "exceed its benefits by %(amount)s in today's money."
            )
            % values
        )
    if case.preferred_rationale.strip():
        why = _("It is still preferred because: %(why)s") % {"why": case.preferred_rationale.strip()}
    else:
        why = _(
            "An option that loses money can still be the right choice for benefits not counted in money "
            "(safety, legal duty, service quality): say which under “Why this option”."
        )
    return f"{text} {why}"


def provenance(run: CalculationRun, country: str) -> str:
    """Return, in plain words, which stored calculation the figures come from and how it was made.

    The time is the organisation's (the active time zone); the date reads as the organisation's country
    writes it. Pages and the council report share this sentence.
    """
    when = timezone.localtime(run.created_at)
    text = _("Calculation %(run)d of %(date)s at %(time)s (%(method)s)") % {
        "run": run.pk,
        "date": format_date(when.date(), country),
        "time": f"{when:%H:%M}",
        "method": method_words(run.method_version),
    }
    if run.iterations:
        text += "; " + trials_words(run.iterations, run.seed)
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
    years = results["horizon_years"] + 1
    rows = []
    for measure in MEASURES:
        rows.append({
            "measure": measure,
            "cells": [
                cell_text(measure.key, measure.kind, option, currency, years, baseline=option["is_business_as_usual"])
                for option in results["options"]
            ],
            "incremental_cells": [
                cell_text(measure.key, measure.kind, option["incremental"], currency, years, baseline=False)
                if "incremental" in option else ""
                for option in results["options"]
            ],
        })  # fmt: skip
    return {
        "results": results,
        "options": results["options"],
        "measure_rows": rows,
        "has_baseline": results.get("baseline") is not None,
        "charts": build_charts(results, case.first_year, currency) if charts else [],
        "provenance": provenance(run, case.initiative.organisation.country),
        "currency": currency,
        "simulation": results.get("simulation"),
        "verdict": preferred_verdict(case, run),
        "chances": [
            {"pair": pair, "percent": f"{(Decimal(str(chance)) * 100).quantize(Decimal(1))}%"}
            for pair, chance in (results.get("simulation") or {}).get("prob_beats", {}).items()
        ],
    }
