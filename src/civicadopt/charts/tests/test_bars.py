"""Grouped bar chart: bar heights, the zero line, patterns, the table and edge cases."""

import pytest

from civicadopt.charts import BarGroup, bar_chart

from .examples import NS, bar_example, groups, parsed, texts


def bars_of(chart):
    """For each group, its bars as (x, top, height, fill)."""
    return [
        [
            (float(r.get("x")), float(r.get("y")), float(r.get("height")), r.get("fill"))
            for r in group.iter(f"{NS}rect")
        ]
        for group in groups(chart, "bar-group")
    ]


def zero_y(chart):
    (line,) = groups(chart, "zero-line")[0]
    return float(line.get("y1"))


def test_a_larger_value_gives_a_taller_bar():
    chart = bar_chart(
        title="t",
        x_label="Option",
        y_label="NPV",
        categories=["A", "B", "C"],
        groups=[BarGroup("NPV", [100, 300, 200])],
    )
    (bars,) = bars_of(chart)
    heights = [height for _, _, height, _ in bars]
    assert heights[1] > heights[2] > heights[0] > 0
    assert heights[1] / heights[0] == pytest.approx(3, rel=0.01)
    assert [x for x, _, _, _ in bars] == sorted(x for x, _, _, _ in bars)


def test_negative_bars_hang_below_the_zero_line_and_positive_bars_stand_on_it():
    chart = bar_example()
    costs, benefits = bars_of(chart)
    zero = zero_y(chart)
    for _, top, height, _ in costs:  # all negative
        assert top == pytest.approx(zero, abs=0.01) and height > 0
    for _, top, height, _ in benefits[1:]:  # positive
        assert top + height == pytest.approx(zero, abs=0.01) and top < zero
    assert benefits[0][2] == 0  # a zero value has no height
    assert max(top + height for _, top, height, _ in costs) > zero > min(top for _, top, _, _ in benefits)


def test_groups_have_distinct_fill_patterns_shown_in_the_legend():
    chart = bar_example()
    costs, benefits = bars_of(chart)
    assert {fill for *_, fill in costs} == {"#005ea2"}
    (pattern_fill,) = {fill for *_, fill in benefits}
    assert pattern_fill.startswith("url(#chart-costs-and-benefits-by-year-")
    legend_fills = [rect.get("fill") for rect in groups(chart, "legend")[0].iter(f"{NS}rect")]
    assert legend_fills == ["#005ea2", pattern_fill]
    assert parsed(chart).find(f"{NS}defs/{NS}pattern") is not None


def test_table_matches_the_input():
    chart = bar_example()
    assert chart.columns == ("Fiscal year", "Costs", "Benefits")
    assert chart.rows == (
        ("FY2025", -450_000.0, 0.0),
        ("FY2026", -120_000.0, 90_000.0),
        ("FY2027", -130_000.0, 210_000.0),
    )
    assert "Values range from -$450K (Costs, FY2025) to $210K (Benefits, FY2027)." in chart.alt


def test_value_axis_includes_zero_and_uses_money_labels():
    labels = texts(groups(bar_example(), "value-axis")[0])
    assert "$0" in labels and "-$400K" in labels and "$200K" in labels


def test_long_category_names_wrap_or_turn_but_stay_whole_in_the_table():
    names = ["Option A: buy a commercial product", "Option B: build it in-house"]
    chart = bar_chart(title="t", x_label="x", y_label="y", categories=names, groups=[BarGroup("g", [1, 2])])
    assert [row[0] for row in chart.rows] == names
    many = [f"A rather long category name {i}" for i in range(12)]
    chart = bar_chart(title="t", x_label="x", y_label="y", categories=many, groups=[BarGroup("g", [1] * 12)])
    rotated = [
        t for t in parsed(chart).iter(f"{NS}text") if (t.get("transform") or "").startswith("rotate(-40")
    ]
    assert len(rotated) == 12


def test_all_zero_values_draw_flat_bars_on_an_axis_from_zero():
    chart = bar_chart(
        title="t", x_label="x", y_label="y", categories=["a", "b"], groups=[BarGroup("g", [0, 0])]
    )
    (bars,) = bars_of(chart)
    assert all(height == 0 for _, _, height, _ in bars)
    assert "Every value is $0." in chart.alt


def test_mismatched_lengths_and_non_finite_values_are_rejected():
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        bar_chart(
            title="t", x_label="x", y_label="y", categories=["a", "b", "c"], groups=[BarGroup("g", [1, 2])]
        )
    with pytest.raises(ValueError):
        BarGroup("g", [1, float("nan")])
    with pytest.raises(ValueError):
        BarGroup("g", [float("inf")])


def test_no_categories_make_a_no_data_chart():
    chart = bar_chart(title="t", x_label="Year", y_label="y", categories=[], groups=[BarGroup("g", [])])
    assert "No data to chart" in texts(parsed(chart))
    assert chart.columns == ("Year", "g") and chart.rows == ()
