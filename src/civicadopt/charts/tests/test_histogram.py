"""Histogram: bins and counts, markers, the table and edge cases."""

import numpy as np
import pytest

from civicadopt.charts import Marker, histogram

from .examples import NS, groups, histogram_example, parsed, texts


def test_table_lists_each_bin_with_its_count():
    chart = histogram(title="t", values=[0, 1, 1, 2, 3, 4, 4, 4], bins=4)
    assert chart.columns == ("Net present value from", "Net present value to", "Count", "Markers")
    assert chart.rows == (
        (0.0, 1.0, 1, None),
        (1.0, 2.0, 2, None),
        (2.0, 3.0, 1, None),
        (3.0, 4.0, 4, None),  # the last bin includes its upper edge
    )


def test_counts_add_up_and_taller_bars_mean_more_values():
    values = np.random.default_rng(3).normal(0, 1, 5_000)
    chart = histogram(title="t", values=values, bins=25)
    assert sum(row[2] for row in chart.rows) == 5_000
    (bins,) = groups(chart, "bins")
    heights = [float(rect.get("height")) for rect in bins.iter(f"{NS}rect")]
    counts = [row[2] for row in chart.rows if row[2]]
    assert len(heights) == len(counts)
    tallest = heights.index(max(heights))
    assert counts[tallest] == max(counts)
    assert heights[0] / counts[0] == pytest.approx(heights[tallest] / counts[tallest], rel=0.01)


def test_markers_are_drawn_labelled_and_listed():
    chart = histogram_example()
    (labels,) = groups(chart, "marker-labels")
    label_text = texts(labels)
    assert any(text.startswith("P10 $") for text in label_text)
    assert "Break-even $0" in label_text
    (lines,) = groups(chart, "markers")
    assert len(lines.findall(f"{NS}line")) == 2 * 4  # each marker: a white halo and a dark line
    assert "Markers: Break-even $0, P10" in chart.alt and "of values are below zero" in chart.alt
    listed = [row[3] for row in chart.rows if row[3]]
    assert any("P50" in cell for cell in listed) and any("Break-even ($0)" in cell for cell in listed)


def test_marker_labels_that_would_overlap_go_on_separate_rows():
    chart = histogram(
        title="t", values=[0, 10, 20, 30, 40], markers=[Marker("Alpha", 20), Marker("Beta", 20.5)]
    )
    baselines = [float(t.get("y")) for t in groups(chart, "marker-labels")[0].iter(f"{NS}text")]
    assert len(set(baselines)) == 2


def test_markers_outside_the_values_widen_the_axis():
    chart = histogram(title="t", values=[100, 200, 300], markers=[Marker("Break-even", 0)])
    (lines,) = groups(chart, "markers")
    marker_x = float(lines.findall(f"{NS}line")[1].get("x1"))
    first_bar_x = float(groups(chart, "bins")[0].find(f"{NS}rect").get("x"))
    assert marker_x < first_bar_x


def test_numpy_arrays_lists_and_a_single_repeated_value():
    assert histogram(title="t", values=np.array([1.0, 2.0])).rows == histogram(title="t", values=[1, 2]).rows
    chart = histogram(title="t", values=[5e5] * 10, bins=5)
    assert sum(row[2] for row in chart.rows) == 10
    assert chart.rows[0][0] < 5e5 < chart.rows[-1][1]


def test_empty_values_make_a_no_data_chart():
    chart = histogram(title="t", values=[])
    assert "No data to chart" in texts(parsed(chart)) and chart.rows == ()


@pytest.mark.parametrize(
    "bad", [[1.0, float("nan")], [float("inf")], np.array([1.0, -np.inf]), ["a"], [[1, 2]]]
)
def test_non_finite_or_non_numeric_values_are_rejected(bad):
    with pytest.raises(ValueError):
        histogram(title="t", values=bad)


@pytest.mark.parametrize("bins", [0, -1, 2.5, True])
def test_bins_must_be_a_positive_whole_number(bins):
    with pytest.raises(ValueError):
        histogram(title="t", values=[1, 2], bins=bins)


def test_markers_reject_non_finite_values():
    with pytest.raises(ValueError):
        Marker("P50", float("nan"))
