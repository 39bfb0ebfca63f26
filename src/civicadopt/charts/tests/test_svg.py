"""The markup helpers: escaping, cleaning, ids and text layout."""

import xml.etree.ElementTree as ET

from civicadopt.charts import svg


def test_text_and_attributes_are_escaped():
    markup = svg.element("g", {"class": '"><script>'}, svg.text(1, 2, "<b>A & B</b>"))
    assert "<script>" not in markup and "<b>" not in markup
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{markup}</svg>')
    assert root[0].get("class") == '"><script>'
    assert root[0][0].text == "<b>A & B</b>"


def test_clean_drops_characters_xml_forbids_and_collapses_whitespace():
    assert svg.clean("a\x00b\x07c\x1b  d\n\te") == "abc d e"
    assert svg.clean("\u20ac \U0001f600") == "\u20ac \U0001f600"


def test_numbers_are_short_and_never_negative_zero():
    assert svg.num(1.0) == "1"
    assert svg.num(1.239) == "1.24"
    assert svg.num(-0.001) == "0"
    assert svg.num(250.5) == "250.5"


def test_ids_are_slugs_with_a_hash_of_the_content():
    first = svg.make_id("line", "Net present value: Option A & B", (1, 2))
    assert first.startswith("chart-net-present-value-option-a-b-") and len(first.split("-")[-1]) == 8
    assert first == svg.make_id("line", "Net present value: Option A & B", (1, 2))
    assert first != svg.make_id("line", "Net present value: Option A & B", (1, 3))
    assert svg.make_id("bar", "<<<>>>", ()).startswith("chart-bar-")
    assert svg.make_id("bar", "Caf\u00e9 cr\u00e8me", ()).startswith("chart-cafe-creme-")


def test_wrap_and_truncate():
    assert svg.wrap("one two three four", 100) == ["one two", "three four"]  # 11 characters a line
    assert svg.wrap("", 80) == [""]
    assert all(len(line) <= 9 for line in svg.wrap("a" * 30, 80))
    assert svg.truncate("short", 200) == "short"
    long = svg.truncate("a very long option name indeed", 80)
    assert long.endswith("\u2026") and len(long) < 20
