"""``civicadopt calc schedule FILE.csv``: the critical path (and optionally a Monte Carlo) of a task table,
with no database. Exit status 2 and a message naming the task for bad input (unknown predecessor, loop,
negative duration).
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from civicadopt_core.finance.lines_table import decode
from civicadopt_core.schedule import Network, schedule, simulate_schedule
from civicadopt_core.schedule.table import TaskTableError, network_from_csv

from .common import UsageError

MAX_FILE_BYTES = 50 * 1024 * 1024


def add_schedule_command(
    calculators: Any, formatter: type[argparse.HelpFormatter], iterations: Any, seed: Any
) -> None:
    parser = calculators.add_parser(
        "schedule",
        help="Critical path of a task table: early and late dates, floats; optional Monte Carlo.",
        description=(
            "Schedule the tasks in FILE.csv with the critical path method. Columns: id,name,duration,\n"
            "predecessors and optionally optimistic,most_likely,pessimistic (working days). Predecessors\n"
            "use Microsoft Project notation separated by ';': 3, 3FS+2, 4SS, 5FF-1, 2SF. Offsets are\n"
            "0-based working days from the project start; finishes are exclusive (a 5-day task from 0\n"
            "finishes at 5). With --simulate N, durations are drawn from the three-point estimates.\n"
            "Methods: docs/methods/schedule-and-risk.md."
        ),
        formatter_class=formatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help="the task table")
    parser.add_argument("--simulate", type=iterations, metavar="N", help="also run N Monte Carlo iterations")
    parser.add_argument("--seed", type=seed, default=1, help="random seed for --simulate (default: 1)")
    parser.add_argument(
        "--distribution",
        choices=("pert", "triangular"),
        default="pert",
        help="how three-point estimates are sampled (default: pert)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=schedule_command)


def read_network(path: str) -> Network:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: no such file")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise UsageError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return network_from_csv(decode(file.read_bytes()))
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not a text file (save it as CSV, UTF-8)") from exc
    except TaskTableError as exc:
        raise UsageError(f"{path}: " + "; ".join(str(error) for error in exc.errors)) from exc


def _n(value: float) -> float | int:
    value = round(float(value), 6) + 0.0
    return int(value) if value.is_integer() else value


def schedule_report(
    network: Network, *, iterations: int | None, seed: int, distribution: str
) -> dict[str, Any]:
    plan = schedule(network)
    report: dict[str, Any] = {
        "duration": _n(plan.duration),
        "critical_path": list(plan.critical_path),
        "tasks": [
            {
                "id": t.id,
                "es": _n(t.es),
                "ef": _n(t.ef),
                "ls": _n(t.ls),
                "lf": _n(t.lf),
                "total_float": _n(t.total_float),
                "free_float": _n(t.free_float),
            }
            for t in plan.tasks.values()
        ],
    }
    if iterations:
        try:
            result = simulate_schedule(
                network,
                iterations=iterations,
                seed=seed,
                distribution=distribution,  # type: ignore[arg-type]
            )
        except ValueError as exc:
            raise UsageError(f"--simulate: {exc}") from exc
        report.update(
            {
                "p50": round(result.finish.p50, 4),
                "p80": round(result.finish.p80, 4),
                "p90": round(result.finish.p90, 4),
                "criticality": {k: round(v, 4) for k, v in result.criticality.items()},
                "simulation": {
                    "iterations": iterations,
                    "seed": seed,
                    "distribution": distribution,
                    "method_version": result.method_version,
                },
            }
        )
    return report


def schedule_command(args: argparse.Namespace) -> int:
    network = read_network(args.file)
    report = schedule_report(
        network, iterations=args.simulate, seed=args.seed, distribution=args.distribution
    )
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Project duration: {report['duration']} working days")
    print("Critical path: " + " → ".join(report["critical_path"]) + "\n")
    columns = ("id", "es", "ef", "ls", "lf", "total_float", "free_float")
    titles = ("Task", "Early start", "Early finish", "Late start", "Late finish", "Total float", "Free float")
    table = [list(titles)] + [[str(task[c]) for c in columns] for task in report["tasks"]]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    for row in table:
        print(
            "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    if args.simulate:
        print(
            f"\nSimulation ({args.simulate:,} iterations, seed {args.seed}, {args.distribution}): "
            f"P50 {report['p50']:g}, P80 {report['p80']:g}, P90 {report['p90']:g} working days."
        )
        ranked = sorted(report["criticality"].items(), key=lambda kv: -kv[1])[:10]
        print("Criticality index: " + ", ".join(f"{k} {v:.0%}" for k, v in ranked))
    return 0
