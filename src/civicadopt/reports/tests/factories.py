"""A sample report with everything a renderer must handle: nesting, money, gaps, hostile text, a chart."""

from datetime import date
from decimal import Decimal

from civicadopt.reports.model import Column, Figure, Paragraph, Report, Section, Table

HOSTILE_FORMULA = '=HYPERLINK("http://evil","x")'
HOSTILE_MARKUP = "<script>alert(1)</script>"
RUN = "Calculation run 42 (inputs 9f3a…, seed 20240601, method economic-case v1.3)"

# A bar chart as civicadopt.charts draws them: presentation attributes only, a title and a description.
CHART_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200" '
    'role="img" aria-labelledby="chart-title chart-desc">'
    '<title id="chart-title">Net present value by option</title>'
    '<desc id="chart-desc">Option B has the highest net present value.</desc>'
    '<line x1="40" y1="170" x2="390" y2="170" stroke="#565c65" stroke-width="1"/>'
    '<rect x="60" y="90" width="80" height="80" fill="#005ea2"/>'
    '<rect x="170" y="40" width="80" height="130" fill="#005ea2"/>'
    '<rect x="280" y="170" width="80" height="0" fill="#005ea2"/>'
    '<text x="100" y="190" font-size="12" text-anchor="middle" fill="#1b1b1b">Option A</text>'
    '<text x="210" y="190" font-size="12" text-anchor="middle" fill="#1b1b1b">Option B</text>'
    '<text x="320" y="190" font-size="12" text-anchor="middle" fill="#1b1b1b">Do nothing</text>'
    "</svg>"
)

COSTS = Table(
    caption="Whole-life cost by option",
    columns=(
        Column("Option"),
        Column("Capital cost", "money"),
        Column("Net present value", "money"),
        Column("Discount rate", "percent"),
        Column("Benefit-cost ratio", "ratio"),
        Column("Payback", "years"),
        Column("Staff", "integer"),
    ),
    rows=(
        ("Option A: hosted permits", 1_250_000, Decimal("-1234.40"), 0.035, 1.84, 4.25, 12),
        ("Option B: in-house build", Decimal("980000.50"), 2_345_678, Decimal("0.035"), 2.5, 3.0, 7),
        (HOSTILE_FORMULA, None, 0, 0.07, None, None, 0),
        (HOSTILE_MARKUP, 5, -12, -0.0125, 0.5, 10.05, None),
    ),
)

NPV_FIGURE = Figure(
    title="Net present value by option",
    svg=CHART_SVG,
    alt="Bar chart: Option B has the highest net present value, $2.3 million; doing nothing has none.",
    table=Table(
        caption="Net present value by option (data)",
        columns=(Column("Option"), Column("Net present value", "money")),
        rows=(("Option A", 1_100_000), ("Option B", 2_345_678), ("Do nothing", 0)),
    ),
    source=RUN,
)


def sample_report(title: str = "Riverton e-permitting: business case") -> Report:
    """Return a report with nested sections, a money table with gaps and hostile text, and a chart."""
    return Report(
        title=title,
        subtitle=f"Outline business case {HOSTILE_MARKUP}",
        organisation="City of Riverton",
        prepared_on=date(2026, 3, 2),
        currency="USD",
        sections=(
            Section(
                "Strategic case",
                (
                    Paragraph("Paper permits take 41 days on average; residents want them online."),
                    Section(
                        "Spending objectives", (Paragraph(f"Cut the wait to 10 days. {HOSTILE_MARKUP}"),)
                    ),
                ),
            ),
            Section(
                "Economic case",
                (
                    Paragraph("Costs and benefits are discounted at the rate set by OMB Circular A-94."),
                    COSTS,
                    Section(
                        "Options appraisal",
                        (
                            NPV_FIGURE,
                            Section("Sensitivity", (Paragraph("A 20% cost overrun leaves Option B ahead."),)),
                        ),
                    ),
                ),
            ),
        ),
        provenance=(RUN, "Prepared by Civic Adopt from the business case approved on 2026-02-20."),
    )
