"""Run the whole appraisal of a business case on the core and return JSON-ready results.

The inputs are recorded next to the results (see ``services.business_case_calculate``) so a stored run can
be reproduced exactly: same lines, schedule, timing, optimism bias, seed and iterations give the same
figures. Money is written as exact decimal strings; simulation percentiles are floats rounded to cents.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from civicadopt_core.finance import DiscountSchedule, Line, Timing, appraise, discount_factors, year_flows
from civicadopt_core.finance.measures import Appraisal
from civicadopt_core.finance.optimism import OptimismBias, apply_optimism_bias
from civicadopt_core.finance.sensitivity import preference_switching_value, switching_values, tornado
from civicadopt_core.uncertainty import simulate

# Bump when what a run computes changes, so old reports say which method produced them.
METHOD_VERSION = "business-case/1"
HISTOGRAM_BINS = 30


@dataclass(frozen=True)
class OptionInput:
    name: str
    is_business_as_usual: bool


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(round(value, 2))


def _ratio(value: Decimal | None, places: int = 6) -> str | None:
    return None if value is None else str(round(value, places))


def _measures(result: Appraisal) -> dict[str, Any]:
    return {
        "pv_costs": _money(result.pv_costs),
        "pv_benefits": _money(result.pv_benefits),
        "npv": _money(result.npv),
        "bcr": _ratio(result.bcr, 4),
        "irr": _ratio(result.irr),
        "roi": _ratio(result.roi, 4),
        "payback_years": _ratio(result.payback_years, 2),
        "discounted_payback_years": _ratio(result.discounted_payback_years, 2),
        "whole_life_cost": _money(result.whole_life_cost),
        "equivalent_annual_cost": _money(result.equivalent_annual_cost),
    }


def appraise_case(
    *,
    lines: Sequence[Line],
    options: Sequence[OptionInput],
    schedule: DiscountSchedule,
    timing: Timing,
    bias: OptimismBias | None,
    iterations: int,
    seed: int,
) -> dict[str, Any]:
    """Return every figure of the business case: measures, yearly flows, sensitivity and simulation."""
    adjusted = apply_optimism_bias(lines, bias) if bias is not None else list(lines)
    horizon = max((line.year for line in adjusted), default=0)
    factors = discount_factors(schedule, horizon, timing=timing)
    flows = {
        option.name: year_flows([line for line in adjusted if line.option == option.name], horizon=horizon)
        for option in options
    }
    baseline = next((option.name for option in options if option.is_business_as_usual), None)
    simulation = simulate(adjusted, factors, iterations=iterations, seed=seed) if iterations else None
    rows = []
    # An option without uncertain lines (often business as usual) has the same NPV in every iteration.
    draws: dict[str, Any] = {}
    for option in options:
        option_flows = flows[option.name]
        result = appraise(option_flows, factors)
        discounted_net = [net * factor for net, factor in zip(option_flows.net, factors, strict=True)]
        cumulative, running = [], Decimal(0)
        for amount in discounted_net:
            running += amount
            cumulative.append(_money(running))
        row: dict[str, Any] = {
            "name": option.name,
            "is_business_as_usual": option.is_business_as_usual,
            **_measures(result),
            "yearly": {
                "costs": [_money(v) for v in option_flows.costs],
                "benefits": [_money(v) for v in option_flows.benefits],
                "cumulative_discounted_net": cumulative,
            },
            "tornado": [
                {
                    "item": bar.item,
                    "npv_at_low": _money(bar.npv_at_low),
                    "npv_at_high": _money(bar.npv_at_high),
                }
                for bar in tornado(adjusted, factors, option=option.name)
            ],
            "switching_values": [
                {"item": value.item, "multiplier": _ratio(value.multiplier, 4)}
                for value in switching_values(adjusted, factors, option=option.name)
            ],
        }
        if baseline is not None and option.name != baseline:
            row["incremental"] = _measures(appraise(option_flows.minus(flows[baseline]), factors))
        if simulation is not None:
            draws[option.name] = npv = simulation.npv.get(option.name, np.full(iterations, float(result.npv)))
            counts, edges = np.histogram(npv, bins=HISTOGRAM_BINS)
            row["simulation"] = {
                "p10": round(float(np.percentile(npv, 10)), 2),
                "p50": round(float(np.percentile(npv, 50)), 2),
                "p90": round(float(np.percentile(npv, 90)), 2),
                "prob_npv_positive": round(float(np.mean(npv > 0)), 4),
                "histogram": {
                    "edges": [round(float(e), 2) for e in edges],
                    "counts": [int(c) for c in counts],
                },
            }
        rows.append(row)
    best = max(rows, key=lambda row: Decimal(row["npv"]))["name"] if rows else None
    ranked = sorted(rows, key=lambda row: Decimal(row["npv"]), reverse=True)
    preference_switches = []
    if len(ranked) >= 2:
        # How far each item of the best option would have to move for the runner-up to become as good.
        leader, runner_up = ranked[0]["name"], ranked[1]["name"]
        for item in dict.fromkeys(line.name for line in adjusted if line.option == leader):
            multiplier = preference_switching_value(
                adjusted, factors, option=leader, item=item, rival=runner_up
            )
            preference_switches.append(
                {"option": leader, "rival": runner_up, "item": item, "multiplier": _ratio(multiplier, 4)}
            )
    results: dict[str, Any] = {
        "method_version": METHOD_VERSION,
        "horizon_years": horizon,
        "discount_factors": [str(round(f, 8)) for f in factors],
        "highest_npv": best,
        "preference_switching_values": preference_switches,
        "baseline": baseline,
        "options": rows,
    }
    if simulation is not None:
        results["simulation"] = {
            "iterations": iterations,
            "seed": seed,
            "method_version": simulation.method_version,
            "prob_beats": {
                f"{a.name} > {b.name}": round(float(np.mean(draws[a.name] > draws[b.name])), 4)
                for a in options
                for b in options
                if a.name != b.name
            },
        }
    return results
