"""Example inputs for the chart tests, with hostile text in every place a user can type."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import numpy as np

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
from civicadopt.charts.gantt import gantt
from civicadopt.charts.gantt_model import GanttRow
from civicadopt.charts.heatmap import HeatCell, risk_heatmap

HOSTILE = '<script>alert("x")</script> & "Co" \u2019s <b>'


def line_example(title: str = "Cumulative discounted net cash flow") -> Chart:
    return line_chart(
        title=title,
        x_label="Fiscal year",
        y_label="Cumulative discounted net cash flow",
        series=[
            Series("Option A", [(2025, -400_000), (2026, -150_000), (2027, 100_000), (2028, 350_000)]),
            Series("Option B", [(2025, -900_000), (2026, -700_000), (2027, -500_000), (2028, -300_000)]),
            Series("Status quo", [(2025, 0), (2026, -30_000), (2027, -60_000), (2028, -90_000)]),
        ],
    )


def bar_example(title: str = "Costs and benefits by year") -> Chart:
    return bar_chart(
        title=title,
        x_label="Fiscal year",
        y_label="Amount",
        categories=["FY2025", "FY2026", "FY2027"],
        groups=[
            BarGroup("Costs", [-450_000, -120_000, -130_000]),
            BarGroup("Benefits", [0, 90_000, 210_000]),
        ],
    )


def tornado_example(title: str = "Sensitivity of net present value") -> Chart:
    return tornado_chart(
        title=title,
        base_value=1_250_000,
        bars=[
            TornadoInput("Adoption rate", 250_000, 2_100_000),
            TornadoInput("Discount rate", 1_600_000, 950_000),
            TornadoInput("Staff hours saved", 1_100_000, 1_400_000),
        ],
    )


def histogram_example(title: str = "Net present value across 2,000 simulations") -> Chart:
    values = np.random.default_rng(7).normal(1_200_000, 800_000, 2_000)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return histogram(
        title=title,
        values=values,
        bins=20,
        markers=[Marker("P10", p10), Marker("P50", p50), Marker("P90", p90), Marker("Break-even", 0)],
    )


def hostile_charts() -> list[Chart]:
    """One chart of each kind with hostile text in the title, labels and names."""
    return [
        line_chart(
            title=HOSTILE,
            x_label=HOSTILE,
            y_label=HOSTILE,
            series=[Series(HOSTILE, [(2025, -1.0), (2026, 2.0)]), Series("B\x00\x07", [(2025, 1.0)])],
            money="<\u20ac>",
        ),
        bar_chart(
            title=HOSTILE,
            x_label=HOSTILE,
            y_label=HOSTILE,
            categories=[HOSTILE, "2026"],
            groups=[BarGroup(HOSTILE, [1.0, -2.0])],
        ),
        tornado_chart(
            title=HOSTILE, base_value=Decimal("10"), bars=[TornadoInput(HOSTILE, 5, 15)], value_label=HOSTILE
        ),
        histogram(title=HOSTILE, values=[1.0, 2.0, 3.0], markers=[Marker(HOSTILE, 2)], x_label=HOSTILE),
    ]


def empty_charts() -> list[Chart]:
    return [
        line_chart(title="Empty", x_label="Year", y_label="Value", series=[]),
        line_chart(title="Empty series", x_label="Year", y_label="Value", series=[Series("A", [])]),
        bar_chart(title="Empty", x_label="Year", y_label="Value", categories=[], groups=[]),
        bar_chart(title="No groups", x_label="Year", y_label="Value", categories=["2025"], groups=[]),
        tornado_chart(title="Empty", base_value=0, bars=[]),
        histogram(title="Empty", values=[]),
        histogram(title="Empty array", values=np.array([])),
    ]


def edge_charts() -> list[Chart]:
    """All zeros, a single point, negative only and huge values, for each kind of chart."""
    charts = []
    for label, values in (
        ("zeros", [0.0, 0.0, 0.0]),
        ("single", [42.0]),
        ("negative", [-5.0, -300.0, -1_000_000.0]),
        ("huge", [1e12, 3.5e12, -2e12]),
        ("tiny", [0.01, 0.02, 0.03]),
    ):
        years = list(range(2025, 2025 + len(values)))
        charts.append(
            line_chart(
                title=f"Line {label}",
                x_label="Year",
                y_label="Value",
                series=[Series(label, list(zip(years, values, strict=True)))],
            )
        )
        charts.append(
            bar_chart(
                title=f"Bars {label}",
                x_label="Year",
                y_label="Value",
                categories=[str(y) for y in years],
                groups=[BarGroup(label, values), BarGroup("twice", [2 * v for v in values])],
            )
        )
        charts.append(
            tornado_chart(
                title=f"Tornado {label}",
                base_value=values[0],
                bars=[TornadoInput(f"input {i}", v, -v) for i, v in enumerate(values)],
            )
        )
        charts.append(histogram(title=f"Histogram {label}", values=values, markers=[Marker("zero", 0)]))
    return charts


def all_examples() -> list[Chart]:
    return [
        line_example(),
        bar_example(),
        tornado_example(),
        histogram_example(),
        *hostile_charts(),
        *empty_charts(),
        *edge_charts(),
        *planning_examples(),
    ]


NS = "{http://www.w3.org/2000/svg}"


def parsed(chart: Chart) -> ET.Element:
    """The chart's SVG parsed (our own output, and free of DTDs: test_structure checks there is no "<!")."""
    return ET.fromstring(chart.svg)


def groups(chart: Chart, name: str) -> list[ET.Element]:
    """The <g class="name"> elements of a chart (hooks the chart code puts on its parts)."""
    return [element for element in parsed(chart).iter(f"{NS}g") if element.get("class") == name]


def texts(element: ET.Element) -> list[str]:
    return [text.text or "" for text in element.iter(f"{NS}text")]


def gantt_example(title: str = "Permitting system plan", today: date | None = date(2027, 5, 5)) -> Chart:
    return gantt(
        [
            GanttRow("1", "Procurement", 0, date(2027, 3, 3), date(2027, 6, 30), "summary"),
            GanttRow(
                "1.1",
                "Write the specification for the new permitting system",
                1,
                date(2027, 3, 3),
                date(2027, 4, 14),
                critical=True,
                baseline_start=date(2027, 3, 1),
                baseline_finish=date(2027, 4, 9),
                percent_complete=60,
                total_float=0,
            ),
            GanttRow(
                "1.2",
                "Market engagement",
                1,
                date(2027, 3, 15),
                date(2027, 5, 20),
                percent_complete=20,
                total_float=12,
            ),
            GanttRow(
                "2", "Contract signed", 0, date(2027, 6, 30), date(2027, 6, 30), "milestone", critical=True
            ),
            GanttRow("3", "Go live", 0, date(2027, 12, 14), date(2027, 12, 14), "milestone", total_float=5),
        ],
        title=title,
        today=today,
    )


def risk_band(probability: int, impact: int) -> str:
    score = probability * impact
    return "low" if score <= 4 else "medium" if score <= 9 else "high" if score <= 15 else "very_high"


def heatmap_example(title: str = "Risks by probability and impact") -> Chart:
    counts = {(5, 5): 1, (4, 5): 2, (4, 3): 3, (3, 3): 1, (2, 4): 2, (1, 1): 3}
    cells = [HeatCell(p, i, risk_band(p, i), counts.get((p, i), 0)) for p in range(1, 6) for i in range(1, 6)]
    return risk_heatmap(cells, title=title)


def planning_examples() -> list[Chart]:
    """Gantt charts and heat maps: the examples above, hostile text, no data and edge cases."""
    day = date(2027, 3, 3)
    return [
        gantt_example(),
        gantt([GanttRow(HOSTILE, HOSTILE, 2, day, day, "milestone", critical=True)], title=HOSTILE),
        gantt([], title="Empty plan"),
        gantt([GanttRow("1", "One day", 0, day, day)], title="One day", today=day),
        gantt([GanttRow("1", "All of time", 0, date.min, date.max)], title="All of time"),
        heatmap_example(),
        risk_heatmap([HeatCell(2, 1, "high", 1, (HOSTILE,))], title=HOSTILE, size=2),
        risk_heatmap([], title="No risks"),
        risk_heatmap(
            [HeatCell(p, i, "low") for p in range(1, 11) for i in range(1, 11)], title="Ten", size=10
        ),
    ]
