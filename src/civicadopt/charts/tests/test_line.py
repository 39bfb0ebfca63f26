"""Line chart: positions, the zero line, zero crossings, the table and edge cases."""

import pytest

from civicadopt.charts import Series, line_chart, zero_crossings

from .examples import NS, groups, line_example, parsed, texts


def path_points(series_group):
    path = series_group.find(f"{NS}path")
    return [tuple(float(n) for n in pair.split()) for pair in path.get("d")[1:].split(" L")]


def zero_y(chart):
    (line,) = groups(chart, "zero-line")[0]
    assert line.get("y1") == line.get("y2")
    return float(line.get("y1"))


def test_points_are_placed_by_value_and_year():
    chart = line_example()
    option_a, option_b, _ = groups(chart, "series")
    a = path_points(option_a)
    b = path_points(option_b)
    assert [x for x, _ in a] == sorted(x for x, _ in a)  # years left to right
    assert all(ya < yb for (_, ya), (_, yb) in zip(a, b, strict=True))  # A is higher: a smaller y
    zero = zero_y(chart)
    assert a[0][1] > zero > a[-1][1]  # starts below zero, ends above
    assert all(y > zero for _, y in b)  # always negative: always below the zero line


def test_crossings_are_marked_on_the_zero_line_and_named_in_the_legend():
    chart = line_example()
    (rings,) = groups(chart, "crossings")
    circles = rings.findall(f"{NS}circle")
    assert len(circles) == 1  # only Option A crosses; Status quo starts at zero and falls
    assert float(circles[0].get("cy")) == pytest.approx(zero_y(chart), abs=0.01)
    option_a = path_points(groups(chart, "series")[0])
    assert option_a[1][0] < float(circles[0].get("cx")) < option_a[2][0]  # between 2026 and 2027
    legend = " ".join(texts(groups(chart, "legend")[0]))
    assert "Option A (crosses zero at 2026.6)" in legend
    assert "Option A ends at $350K in 2028 and crosses zero at 2026.6" in chart.alt
    assert "Option B ends at -$300K in 2028 and does not cross zero" in chart.alt


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([(0, -100), (1, 100)], (0.5,)),
        ([(0, -300), (1, -100), (2, 100)], (1.5,)),
        ([(0, -100), (1, 0), (2, 100)], (1,)),  # through a point exactly at zero
        ([(0, -100), (1, 0), (2, -50)], ()),  # touches zero and turns back
        ([(0, 0), (1, 100)], ()),  # starts at zero
        ([(0, 100), (1, -100), (2, 100)], (0.5, 1.5)),
        ([(2, 100), (0, -100)], (1,)),  # unsorted input
        ([(0, 5)], ()),
        ([], ()),
    ],
)
def test_zero_crossings(points, expected):
    assert zero_crossings(points) == pytest.approx(expected)


def test_table_has_a_row_per_year_with_blanks_where_a_series_has_no_value():
    chart = line_chart(
        title="t",
        x_label="Year",
        y_label="v",
        series=[Series("A", [(2026, 2.5), (2025, 1)]), Series("B", [(2027, -3)])],
    )
    assert chart.columns == ("Year", "A", "B")
    assert chart.rows == ((2025, 1.0, None), (2026, 2.5, None), (2027, None, -3.0))
    assert isinstance(chart.rows[0][0], int)


def test_every_series_has_its_own_dash_pattern_and_point_shape_in_the_legend():
    chart = line_example()
    (legend,) = groups(chart, "legend")
    dashes = [line.get("stroke-dasharray") for line in legend.iter(f"{NS}line")]
    assert len(set(dashes)) == 3
    shapes = [(child.tag, child.get("points", "").count(",")) for child in legend if child.tag != f"{NS}line"]
    shapes = [shape for shape in shapes if shape[0] != f"{NS}text"]
    assert len(set(shapes)) == 3


def test_year_axis_labels_are_whole_years():
    labels = texts(groups(line_example(), "x-axis")[0])
    assert labels == ["2025", "2026", "2027", "2028"]


def test_single_point_draws_a_point_and_no_line():
    chart = line_chart(title="t", x_label="Year", y_label="v", series=[Series("A", [(2030, 5e5)])])
    (series,) = groups(chart, "series")
    assert series.find(f"{NS}path") is None and series.find(f"{NS}circle") is not None
    assert chart.rows == ((2030, 500_000.0),)


def test_huge_values_get_compact_tick_labels():
    chart = line_chart(title="t", x_label="Y", y_label="v", series=[Series("A", [(1, 1e12), (2, -2e12)])])
    labels = texts(groups(chart, "value-axis")[0])
    assert "$1T" in labels and "-$2T" in labels and "$0" in labels


def test_empty_series_make_a_no_data_chart():
    chart = line_chart(title="Payback", x_label="Year", y_label="v", series=[Series("A", [])])
    assert "No data to chart" in texts(parsed(chart))
    assert chart.rows == () and chart.columns == ("Year", "A")
    assert chart.alt == "This line chart has no data to show."


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), "12", None])
def test_non_finite_values_are_rejected(bad):
    with pytest.raises(ValueError):
        Series("A", [(2025, bad)])


def test_years_must_be_whole_and_unique():
    with pytest.raises(ValueError):
        Series("A", [(2025.5, 1)])
    with pytest.raises(ValueError):
        line_chart(title="t", x_label="x", y_label="y", series=[Series("A", [(2025, 1), (2025, 2)])])
    assert Series("A", [(2025.0, 1)]).points == ((2025, 1.0),)
