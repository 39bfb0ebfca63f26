"""Tornado chart: order, bars either side of the base line, end labels, the table and edge cases."""

import pytest

from civicadopt.charts import TornadoInput, tornado_chart

from .examples import NS, groups, texts, tornado_example


def base_x(chart):
    line = groups(chart, "base-line")[0].find(f"{NS}line")
    return float(line.get("x1"))


def segments(row):
    """(left, right, fill) of each part of a row's bar: the low part first."""
    return [
        (float(r.get("x")), float(r.get("x")) + float(r.get("width")), r.get("fill"))
        for r in row.iter(f"{NS}rect")
    ]


def test_rows_keep_the_given_order_top_to_bottom():
    chart = tornado_example()
    rows = groups(chart, "row")
    assert [texts(row)[0] for row in rows] == ["Adoption rate", "Discount rate", "Staff hours saved"]
    tops = [float(row.find(f"{NS}rect").get("y")) for row in rows]
    assert tops == sorted(tops)


def test_bars_run_from_the_base_line_to_each_result():
    chart = tornado_example()
    base = base_x(chart)
    adoption, discount, _ = groups(chart, "row")
    (low_left, low_right, low_fill), (high_left, high_right, high_fill) = segments(adoption)
    assert low_right == pytest.approx(base, abs=0.01) and low_left < base  # $250K is left of $1.25M
    assert high_left == pytest.approx(base, abs=0.01) and high_right > base
    assert low_fill == "#005ea2" and high_fill.startswith("url(#")
    # Wider swing, longer bar.
    (d_low_left, _, _), (_, d_high_right, _) = sorted(segments(discount))
    assert (high_right - low_left) > (d_high_right - d_low_left)
    # The discount rate's low value is above the base: its low part is on the right.
    discount_low = segments(discount)[0]
    assert discount_low[0] == pytest.approx(base, abs=0.01)


def test_each_end_is_labelled_with_its_value_and_the_base_case_is_labelled():
    chart = tornado_example()
    adoption = groups(chart, "row")[0]
    assert texts(adoption) == ["Adoption rate", "$250K", "$2.1M"]
    assert texts(groups(chart, "base-line")[0]) == ["Base case $1.25M"]


def test_results_on_one_side_of_the_base_are_drawn_half_height_one_above_the_other():
    chart = tornado_chart(title="t", base_value=100, bars=[TornadoInput("both up", 120, 150)])
    (row,) = groups(chart, "row")
    low, high = row.iter(f"{NS}rect")
    assert float(low.get("y")) + float(low.get("height")) <= float(high.get("y"))


def test_table_and_alt_text():
    chart = tornado_example()
    assert chart.columns == (
        "Input",
        "Net present value with the input low",
        "Net present value with the input high",
        "Swing",
    )
    assert chart.rows[0] == ("Adoption rate", 250_000.0, 2_100_000.0, 1_850_000.0)
    assert chart.rows[1] == ("Discount rate", 1_600_000.0, 950_000.0, 650_000.0)
    assert "base case of $1.25M" in chart.alt
    assert "Adoption rate moves it most: $250K with the input low and $2.1M with it high." in chart.alt


def test_no_change_and_empty_inputs():
    chart = tornado_chart(title="t", base_value=0, bars=[TornadoInput("flat", 0, 0)])
    assert texts(groups(chart, "row")[0]) == ["flat", "$0", "$0"]
    chart = tornado_chart(title="t", base_value=5, bars=[])
    assert chart.rows == () and "no data" in chart.alt


def test_non_finite_values_are_rejected():
    with pytest.raises(ValueError):
        TornadoInput("x", float("nan"), 1)
    with pytest.raises(ValueError):
        tornado_chart(title="t", base_value=float("inf"), bars=[TornadoInput("x", 0, 1)])
