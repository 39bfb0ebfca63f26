"""Risk heat map: the grid's orientation, counts and letters, contrast, the table and edge cases."""

import pytest

from civicadopt.charts import svg, theme
from civicadopt.charts.heatmap import RISK_BANDS, HeatCell, RiskBand, risk_heatmap

from .examples import HOSTILE, NS, groups, heatmap_example, parsed, texts


def cells_by_text(chart):
    """{(letter, count or None): (x, y, width, height, fill)} of each rated cell."""
    found = {}
    for cell in groups(chart, "cell"):
        rect = cell.find(f"{NS}rect")
        drawn = texts(cell)
        key = (drawn[0], drawn[1] if len(drawn) > 1 else None)
        found.setdefault(key, []).append(tuple(float(rect.get(a)) for a in ("x", "y", "width", "height")))
    return found


def test_white_text_on_every_band_has_at_least_4_5_to_1_contrast():
    for band in RISK_BANDS:
        assert theme.contrast(theme.WHITE, band.colour) >= 4.5, band
        assert theme.contrast(band.colour) >= 3  # and the cells stand out from the white page
    assert len({band.colour for band in RISK_BANDS}) == len({band.letter for band in RISK_BANDS}) == 4


def test_every_text_on_a_cell_is_white_on_a_band_colour_with_enough_contrast():
    chart = heatmap_example()
    for cell in groups(chart, "cell"):
        fill = cell.find(f"{NS}rect").get("fill")
        for text in cell.iter(f"{NS}text"):
            assert theme.contrast(text.get("fill"), fill) >= 4.5


def test_a_band_too_light_for_white_text_is_refused():
    with pytest.raises(ValueError, match=r"4\.5:1"):
        RiskBand("low", "Low", "L", "#70e17b")
    with pytest.raises(ValueError):
        RiskBand("low", "Low", "L", "green")


def test_probability_rises_up_the_grid_and_impact_to_the_right():
    cells = [HeatCell(p, i, "low", count) for p, i, count in ((1, 1, 1), (3, 1, 2), (1, 3, 3))]
    chart = risk_heatmap(cells, title="t", size=3)
    found = cells_by_text(chart)
    (bottom_left,), (top_left,), (bottom_right,) = found[("L", "1")], found[("L", "2")], found[("L", "3")]
    assert top_left[0] == bottom_left[0] and top_left[1] < bottom_left[1]
    assert bottom_right[1] == bottom_left[1] and bottom_right[0] > bottom_left[0]


def test_each_cell_shows_its_band_letter_and_its_count_when_it_has_risks():
    chart = heatmap_example()
    drawn = [texts(cell) for cell in groups(chart, "cell")]
    assert len(drawn) == 25
    assert ["VH", "1"] in drawn and ["VH", "2"] in drawn and ["H", "3"] in drawn and ["L", "3"] in drawn
    assert sum(len(cell) == 1 for cell in drawn) == 19  # empty cells: the letter only, no "0"
    total = sum(int(cell[1]) for cell in drawn if len(cell) == 2)
    assert total == 12


def test_counts_and_letters_sit_inside_their_cells_even_on_a_ten_by_ten_grid():
    cells = [HeatCell(p, i, "very_high", 88) for p in range(1, 11) for i in range(1, 11)]
    chart = risk_heatmap(cells, title="t", size=10)
    for cell in groups(chart, "cell"):
        rect = cell.find(f"{NS}rect")
        x, y, width, height = (float(rect.get(a)) for a in ("x", "y", "width", "height"))
        for text in cell.iter(f"{NS}text"):
            size = float(text.get("font-size"))
            assert y + size * 0.8 <= float(text.get("y")) <= y + height - 2
            half = svg.text_width(text.text, int(size), bold=text.get("font-weight") == "bold") / 2
            assert x <= float(text.get("x")) - half and float(text.get("x")) + half <= x + width


def test_axes_are_labelled_with_their_names_and_scores():
    axis = texts(groups(heatmap_example(), "heatmap-axes")[0])
    assert "Probability" in axis and "Impact" in axis
    assert sorted(text for text in axis if text.isdigit()) == sorted(["1", "2", "3", "4", "5"] * 2)


def test_legend_lists_the_bands_used_from_lowest_to_highest():
    assert texts(groups(heatmap_example(), "legend")[0]) == [
        "L",
        "Low",
        "M",
        "Medium",
        "H",
        "High",
        "VH",
        "Very high",
    ]
    chart = risk_heatmap([HeatCell(1, 1, "high", 2)], title="t")
    assert texts(groups(chart, "legend")[0]) == ["H", "High"]


def test_table_has_a_row_for_each_cell_with_risks_highest_probability_first():
    chart = heatmap_example()
    assert chart.columns == ("Probability", "Impact", "Rating", "Risks")
    assert chart.rows == (
        (5, 5, "Very high", 1),
        (4, 5, "Very high", 2),
        (4, 3, "High", 3),
        (3, 3, "Medium", 1),
        (2, 4, "Medium", 2),
        (1, 1, "Low", 3),
    )


def test_alt_text_counts_the_risks_in_each_band():
    assert heatmap_example().alt == (
        "Risk heat map of 12 risks on a 5 by 5 grid of probability by impact: 3 rated very high, 3 high, "
        "3 medium and 3 low. The fullest cell is probability 4, impact 3, with 3."
    )


def test_cells_not_given_are_drawn_blank_and_a_grid_without_risks_still_draws():
    chart = risk_heatmap([HeatCell(1, 1, "low")], title="t", size=3)
    rects = [r for r in parsed(chart).iter(f"{NS}rect") if r.get("stroke") == theme.GRID]
    assert len(rects) == 8 and len(groups(chart, "cell")) == 1
    assert chart.rows == () and "no risks are recorded" in chart.alt


def test_no_cells_make_a_no_data_chart():
    chart = risk_heatmap([], title="Risks")
    assert "No data to chart" in texts(parsed(chart)) and chart.rows == ()


def test_risk_keys_are_escaped_and_shown_on_hover():
    chart = risk_heatmap([HeatCell(2, 2, "high", 2, (HOSTILE, "R2"))], title=HOSTILE, size=2)
    assert "<script" not in chart.svg and "&lt;script&gt;" in chart.svg
    (cell,) = groups(chart, "cell")
    hover = cell.find(f"{NS}title").text
    assert hover == f"Probability 2, impact 2: High, 2 risks ({svg.clean(HOSTILE)}, R2)"


def test_custom_bands():
    bands = (RiskBand("green", "Acceptable", "A", "#216e1f"), RiskBand("red", "Intolerable", "I", "#8b0a03"))
    chart = risk_heatmap([HeatCell(1, 2, "red", 1)], title="t", size=2, bands=bands)
    assert chart.rows == ((1, 2, "Intolerable", 1),) and "1 rated intolerable" in chart.alt


@pytest.mark.parametrize(
    "make",
    [
        lambda: risk_heatmap([HeatCell(6, 1, "low")], title="t"),
        lambda: risk_heatmap([HeatCell(1, 1, "low"), HeatCell(1, 1, "high")], title="t"),
        lambda: risk_heatmap([HeatCell(1, 1, "severe")], title="t"),
        lambda: risk_heatmap([HeatCell(1, 1, "low")], title="t", size=1),
        lambda: risk_heatmap([HeatCell(1, 1, "low")], title="t", size=11),
        lambda: risk_heatmap([HeatCell(1, 1, "low")], title="t", size=True),
        lambda: risk_heatmap([], title="t", bands=(RISK_BANDS[0], RISK_BANDS[0])),
        lambda: HeatCell(0, 1, "low"),
        lambda: HeatCell(1, 1.5, "low"),
        lambda: HeatCell(1, 1, "low", -1),
        lambda: HeatCell(1, 1, "low", 2, ("R1",)),
        lambda: HeatCell(1, 1, "low", 1, (1,)),
        lambda: HeatCell(1, 1, None),
        lambda: risk_heatmap([(1, 1, "low", 0)], title="t"),
    ],
)
def test_bad_input_is_rejected(make):
    with pytest.raises(ValueError):
        make()
