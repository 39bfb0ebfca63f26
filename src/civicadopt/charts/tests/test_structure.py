"""Every chart, including the hostile, empty and edge-case ones, is a well-formed, accessible SVG that a
strict Content-Security-Policy allows: checked on the parsed XML."""

import re
import xml.etree.ElementTree as ET

import pytest

from civicadopt.charts import theme
from civicadopt.charts.svg import clean

from .examples import (
    HOSTILE,
    all_examples,
    bar_example,
    histogram_example,
    hostile_charts,
    line_example,
    parsed,
    tornado_example,
)

NS = "{http://www.w3.org/2000/svg}"
CHARTS = all_examples()
IDS = [f"{i}-{re.sub(r'[^a-z]+', '-', chart.title.lower())[:30]}" for i, chart in enumerate(CHARTS)]


def ids_in(root: ET.Element) -> list[str]:
    return [element.get("id") for element in root.iter() if element.get("id") is not None]


@pytest.mark.parametrize("chart", CHARTS, ids=IDS)
def test_is_one_svg_element_labelled_by_its_title_and_description(chart):
    assert chart.svg.startswith("<svg ") and chart.svg.endswith("</svg>")
    assert "<!" not in chart.svg and "<?" not in chart.svg  # no XML declaration, DOCTYPE, comment or CDATA
    root = parsed(chart)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("height") is None  # the viewBox sets the aspect ratio
    x, y, width, height = (float(n) for n in root.get("viewBox").split())
    assert (x, y, width) == (0, 0, theme.WIDTH) and height > 100
    title_id, desc_id = root.get("aria-labelledby").split()
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id"), title.text) == (f"{NS}title", title_id, chart.title)
    assert (desc.tag, desc.get("id"), desc.text) == (f"{NS}desc", desc_id, chart.alt)
    assert chart.alt.strip() and chart.title.strip()


@pytest.mark.parametrize("chart", CHARTS, ids=IDS)
def test_uses_no_styles_scripts_or_external_resources(chart):
    root = parsed(chart)
    for element in root.iter():
        assert element.tag.removeprefix(NS) not in ("style", "script", "foreignObject", "image", "a", "use")
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
        assert not any("href" in name for name in element.attrib)
    assert "<style" not in chart.svg and "style=" not in chart.svg


@pytest.mark.parametrize("chart", CHARTS, ids=IDS)
def test_ids_are_unique_and_every_reference_resolves(chart):
    root = parsed(chart)
    ids = ids_in(root)
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"chart-[a-z0-9-]+", i) for i in ids)
    for reference in re.findall(r"url\(#([^)]+)\)", chart.svg):
        assert reference in ids


@pytest.mark.parametrize("chart", CHARTS, ids=IDS)
def test_text_is_at_least_12px_at_the_default_width_and_on_a_printed_page(chart):
    root = parsed(chart)
    sizes = [float(text.get("font-size", root.get("font-size"))) for text in root.iter(f"{NS}text")]
    assert sizes and min(sizes) >= theme.FONT_SIZE
    # Still 12 px when the chart is shrunk to 576 px (narrower than a page with 2 cm or 1 inch margins).
    assert theme.FONT_SIZE * 576 / theme.WIDTH >= 12


@pytest.mark.parametrize("chart", CHARTS, ids=IDS)
def test_colours_that_carry_meaning_have_3_to_1_contrast_and_text_4_5_to_1(chart):
    root = parsed(chart)
    decorative = {theme.WHITE, theme.GRID, theme.HISTOGRAM_FILL, "none"}
    for element in root.iter():
        for attribute in ("fill", "stroke"):
            value = element.get(attribute)
            if value is None or value in decorative or value.startswith("url("):
                continue
            minimum = 4.5 if element.tag == f"{NS}text" else 3
            assert theme.contrast(value) >= minimum, (element.tag, attribute, value)
    # Bars with the light histogram fill always have an outline that contrasts.
    for rect in root.iter(f"{NS}rect"):
        if rect.get("fill") == theme.HISTOGRAM_FILL:
            assert rect.get("stroke") == theme.HISTOGRAM_EDGE


def test_every_palette_colour_contrasts_with_white():
    for colour in (*theme.COLOURS, theme.INK, theme.HISTOGRAM_EDGE):
        assert theme.contrast(colour) >= 3
    assert theme.contrast(theme.INK) >= 4.5
    assert round(theme.contrast("#000000"), 1) == 21.0


def test_series_differ_by_more_than_colour_even_when_colours_repeat():
    assert len(set(theme.DASHES)) == len(theme.DASHES) and len(set(theme.SHAPES)) == len(theme.SHAPES)
    assert len(set(theme.PATTERNS)) == len(theme.PATTERNS)
    many = range(len(theme.COLOURS) * len(theme.DASHES))
    assert len({(theme.colour(i), theme.dash(i)) for i in many}) == len(many)
    assert len({(theme.colour(i), theme.shape(i)) for i in many}) == len(many)
    assert len({(theme.colour(i), theme.fill_pattern(i)) for i in many}) == len(many)
    assert {theme.dash(i) for i in range(len(theme.DASHES))} == set(theme.DASHES)


@pytest.mark.parametrize("chart", CHARTS, ids=IDS)
def test_table_rows_match_the_columns_and_hold_raw_numbers(chart):
    assert chart.columns and all(isinstance(column, str) for column in chart.columns)
    for row in chart.rows:
        assert len(row) == len(chart.columns)
        for cell in row:
            assert cell is None or isinstance(cell, str | int | float)
            assert not (isinstance(cell, str) and re.fullmatch(r"-?\$[\d.,]+[KMBT]?", cell))


def test_output_is_deterministic():
    assert [chart.svg for chart in all_examples()] == [chart.svg for chart in CHARTS]


def test_two_charts_on_one_page_share_no_id():
    charts = [line_example("Chart"), line_example("Other"), bar_example("Chart"), tornado_example("Chart")]
    charts.append(histogram_example("Chart"))
    seen: set[str] = set()
    for chart in charts:
        ids = set(ids_in(parsed(chart)))
        assert not ids & seen
        seen |= ids
    assert parsed(line_example("Costs & benefits")).get("id").startswith("chart-costs-benefits-")


@pytest.mark.parametrize("chart", hostile_charts(), ids=["line", "bar", "tornado", "histogram"])
def test_hostile_text_is_escaped(chart):
    assert "<script" not in chart.svg and "<b>" not in chart.svg
    assert "&lt;script&gt;" in chart.svg
    root = parsed(chart)  # would fail on an unescaped & or on a NUL character
    assert root[0].text == clean(HOSTILE) == chart.title
    texts = " ".join(element.text or "" for element in root.iter(f"{NS}text"))
    assert 'alert("x")' in texts  # drawn as text, not run
    assert "\x00" not in chart.svg and "\x07" not in chart.svg
    assert clean(HOSTILE) in " ".join(chart.columns)
