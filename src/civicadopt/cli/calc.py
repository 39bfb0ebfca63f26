"""``civicadopt calc``: the computational core on files, with no database and no server.

``calc appraise FILE.csv`` appraises the options in a table of cost and benefit lines (see
``civicadopt_core.finance.lines_table`` for the columns). Exit status 2 and a message naming the row and
column for bad input.
"""

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from civicadopt_core.finance import (
    GREEN_BOOK,
    Appraisal,
    Timing,
    appraise,
    discount_factors,
    flat_schedule,
    year_flows,
)
from civicadopt_core.finance.discounting import DiscountSchedule
from civicadopt_core.finance.flows import Line, options_of
from civicadopt_core.finance.lines_table import LinesTableError, decode, lines_from_csv

from .calc_schedule import add_schedule_command
from .common import UsageError

MAX_FILE_BYTES = 20 * 1024 * 1024
SCHEDULES = {"green-book": GREEN_BOOK}


def add_calc_commands(calc: argparse.ArgumentParser, formatter: type[argparse.HelpFormatter]) -> None:
    """Add the calculators under ``calc``."""
    calculators = calc.add_subparsers(dest="calculator", title="calculators", metavar="CALCULATOR")
    appraise_parser = calculators.add_parser(
        "appraise",
        help="Appraise options from a CSV of cost and benefit lines: NPV, BCR, IRR, paybacks.",
        description=(
            "Appraise each option in FILE.csv: present value of costs and benefits, net present value,\n"
            "benefit-cost ratio, internal rate of return and simple and discounted payback; the option\n"
            "with the highest NPV is marked preferred. Columns: option,kind,category,name,year,amount and\n"
            "optionally low,high (a range for --simulate), distribution (triangular, pert, lognormal) and\n"
            "group (lines that move together). kind is cost or benefit; amounts are positive; year 0 is\n"
            "the first year. Default discounting: the UK Green Book schedule (3.5% for years 0-30, then\n"
            "declining). Methods: docs/methods/business-case.md."
        ),
        formatter_class=formatter,
    )
    appraise_parser.add_argument("file", metavar="FILE.csv", help="the cost and benefit lines")
    rates = appraise_parser.add_mutually_exclusive_group()
    rates.add_argument("--rate", type=_rate, help="one flat discount rate, as a fraction (0.035 is 3.5%%)")
    rates.add_argument("--schedule", choices=sorted(SCHEDULES), help="a published discount-rate schedule")
    appraise_parser.add_argument(
        "--timing",
        choices=[t.value for t in Timing],
        default="end",
        help="when flows fall in a year (default: end)",
    )
    appraise_parser.add_argument(
        "--simulate", type=_iterations, metavar="N", help="also run N Monte Carlo iterations over the ranges"
    )
    appraise_parser.add_argument(
        "--seed", type=_seed, default=1, help="random seed for --simulate (default: 1)"
    )
    appraise_parser.add_argument(
        "--baseline",
        metavar="OPTION",
        help="the business-as-usual option to compare the others with (default: one named 'business as usual')",
    )
    appraise_parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    appraise_parser.set_defaults(handler=appraise_command)
    add_schedule_command(calculators, formatter, _iterations, _seed)


def _rate(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value.is_finite() or not Decimal("-0.5") < value < 1:
        raise argparse.ArgumentTypeError("give the rate as a fraction between -0.5 and 1, e.g. 0.035")
    return value


def _iterations(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1_000_000:
        raise argparse.ArgumentTypeError("give a whole number of iterations from 1 to 1,000,000")
    return int(text)


def _seed(text: str) -> int:
    if not text.isdigit() or int(text) >= 2**63:
        raise argparse.ArgumentTypeError("give the seed as a whole number from 0")
    return int(text)


def _read_lines(path: str) -> list[Line]:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: no such file")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise UsageError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        text = decode(file.read_bytes())
        return lines_from_csv(text)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not a text file (save it as CSV, UTF-8)") from exc
    except LinesTableError as exc:
        raise UsageError(f"{path}: " + "; ".join(str(error) for error in exc.errors)) from exc


def _number(value: Decimal | None, places: int) -> float | None:
    return None if value is None else float(round(value, places))


def _measures(result: Appraisal) -> dict[str, Any]:
    return {
        "pv_costs": _number(result.pv_costs, 2),
        "pv_benefits": _number(result.pv_benefits, 2),
        "npv": _number(result.npv, 2),
        "bcr": _number(result.bcr, 4),
        "irr": _number(result.irr, 6),
        "payback_years": _number(result.payback_years, 4),
        "discounted_payback_years": _number(result.discounted_payback_years, 4),
    }


def appraisal_report(
    lines: list[Line], schedule: DiscountSchedule, timing: Timing, baseline: str | None = None
) -> dict[str, Any]:
    """Return the JSON-ready appraisal of every option in ``lines``.

    With a ``baseline`` (business as usual), every other option also gets its ``incremental`` measures:
    those of its flows minus the baseline's, year by year. The option with the highest NPV is preferred
    (the first of equals, in file order).
    """
    horizon = max(line.year for line in lines)
    factors = discount_factors(schedule, horizon, timing=timing)
    flows = {
        option: year_flows([line for line in lines if line.option == option], horizon=horizon)
        for option in options_of(lines)
    }
    results = {option: appraise(option_flows, factors) for option, option_flows in flows.items()}
    best = max(results, key=lambda option: results[option].npv)
    rows = []
    for option, result in results.items():
        row: dict[str, Any] = {"option": option, **_measures(result), "preferred": option == best}
        if baseline is not None and option != baseline:
            incremental = appraise(flows[option].minus(flows[baseline]), factors)
            row["incremental"] = {"baseline": baseline, **_measures(incremental)}
        rows.append(row)
    return {
        "discounting": {"schedule": schedule.name, "source": schedule.source, "timing": timing.value},
        "horizon_years": horizon,
        "options": rows,
    }


def appraise_command(args: argparse.Namespace) -> int:
    lines = _read_lines(args.file)
    if args.rate is not None:
        schedule = flat_schedule(args.rate, source="given on the command line", name=f"flat {args.rate}")
    else:
        schedule = SCHEDULES[args.schedule or "green-book"]
    timing = Timing(args.timing)
    options = options_of(lines)
    if args.baseline is not None and args.baseline not in options:
        raise UsageError(f"--baseline: no option is named '{args.baseline}' (options: {', '.join(options)})")
    baseline = args.baseline or next((o for o in options if o.strip().lower() == "business as usual"), None)
    report = appraisal_report(lines, schedule, timing, baseline)
    if args.simulate:
        _add_simulation(report, lines, schedule, timing, iterations=args.simulate, seed=args.seed)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(report)
    return 0


def _add_simulation(
    report: dict[str, Any],
    lines: list[Line],
    schedule: DiscountSchedule,
    timing: Timing,
    *,
    iterations: int,
    seed: int,
) -> None:
    from civicadopt_core.uncertainty import simulate

    factors = discount_factors(schedule, report["horizon_years"], timing=timing)
    result = simulate(lines, factors, iterations=iterations, seed=seed)
    report["simulation"] = {"iterations": iterations, "seed": seed, "method_version": result.method_version}
    for row in report["options"]:
        option = row["option"]
        row["npv_p10"] = round(result.percentile(option, 10), 2)
        row["npv_p50"] = round(result.percentile(option, 50), 2)
        row["npv_p90"] = round(result.percentile(option, 90), 2)
        row["prob_npv_positive"] = round(result.prob_positive(option), 4)


def _print_table(report: dict[str, Any]) -> None:
    discounting = report["discounting"]
    print(
        f"Discounting: {discounting['schedule']} ({discounting['source']}), {discounting['timing']}-of-year flows"
    )
    print(f"Years 0 to {report['horizon_years']}\n")
    columns = [
        ("option", "Option"),
        ("pv_costs", "PV costs"),
        ("pv_benefits", "PV benefits"),
        ("npv", "NPV"),
        ("bcr", "BCR"),
        ("irr", "IRR"),
        ("payback_years", "Payback (y)"),
        ("discounted_payback_years", "Disc. payback (y)"),
    ]
    if "simulation" in report:
        columns += [
            ("npv_p10", "NPV P10"),
            ("npv_p50", "NPV P50"),
            ("npv_p90", "NPV P90"),
            ("prob_npv_positive", "P(NPV>0)"),
        ]

    def cell(key: str, value: Any) -> str:
        if value is None:
            return "none"
        if key == "irr":
            return f"{value:.2%}"
        if key == "prob_npv_positive":
            return f"{value:.1%}"
        if isinstance(value, float):
            return f"{value:,.2f}"
        return str(value)

    table = [[title for _, title in columns]]
    for row in report["options"]:
        table.append(
            [
                cell(key, row[key]) + (" *" if key == "option" and row["preferred"] else "")
                for key, _ in columns
            ]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    for row in table:
        print(
            "  ".join(
                value.ljust(width) if i == 0 else value.rjust(width)
                for i, (value, width) in enumerate(zip(row, widths, strict=True))
            )
        )
    print("\n* preferred: the highest net present value.")
    if "simulation" in report:
        simulation = report["simulation"]
        print(
            f"Simulation: {simulation['iterations']:,} iterations, seed {simulation['seed']}, {simulation['method_version']}."
        )
