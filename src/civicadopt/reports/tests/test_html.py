from dataclasses import replace
from html.parser import HTMLParser

from django.utils import translation

import pytest

from civicadopt.reports.model import Column, Figure, Report, Section, Table
from civicadopt.reports.renderers.html import render_body, render_document, stylesheet

from .factories import CHART_SVG, HOSTILE_FORMULA, HOSTILE_MARKUP, RUN


class Outline(HTMLParser):
    """Collect the headings, every element's attributes and the order of start tags."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)


def outline(markup: str) -> Outline:
    parser = Outline()
    parser.feed(markup)
    return parser


@pytest.fixture(scope="module")
def document(rendered) -> str:
    return rendered["html"].content.decode("utf-8")


def test_hostile_text_is_escaped_everywhere(document: str) -> None:
    assert HOSTILE_MARKUP not in document and "<script" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert HOSTILE_FORMULA.replace('"', "&quot;") in document


def test_hostile_text_cannot_leave_an_attribute(report: Report) -> None:
    figure = Figure(
        'Costs" onmouseover="x',
        CHART_SVG,
        '"><img src=x onerror=alert(1)>',
        Table("T", (Column("A"),), ()),
        RUN,
    )
    markup = render_body(replace(report, sections=(Section("S", (figure,)),)))
    attributes = [value for _, attrs in outline(markup).tags for value in attrs.values()]
    assert '"><img src=x onerror=alert(1)>' in attributes  # the whole alt text stayed one attribute value
    assert not any(tag == "img" for tag, _ in outline(markup).tags)


def test_the_document_is_standalone_with_language_title_and_embedded_print_css(document: str) -> None:
    parsed = outline(document)
    assert document.startswith("<!DOCTYPE html>")
    # The active language (the settings' default unless a request or an organisation activated another).
    assert ("html", {"lang": translation.get_language()}) in parsed.tags
    assert "<title>Riverton e-permitting: business case</title>" in document
    assert stylesheet().strip() in document
    assert "@page" in stylesheet() and ".report-table" in stylesheet()
    assert not any(tag == "link" for tag, _ in parsed.tags)  # nothing to fetch


def test_headings_follow_the_section_depth(document: str) -> None:
    assert outline(document).headings == [
        ("h1", "Riverton e-permitting: business case"),
        ("h2", "Strategic case"),
        ("h3", "Spending objectives"),
        ("h2", "Economic case"),
        ("h3", "Options appraisal"),
        ("h4", "Sensitivity"),
        ("h2", "Where these figures come from"),
    ]


def test_tables_have_captions_and_scoped_headers(document: str) -> None:
    parsed = outline(document)
    assert "<caption>Whole-life cost by option</caption>" in document
    scopes = [attrs.get("scope") for tag, attrs in parsed.tags if tag == "th"]
    assert scopes.count("col") == 7 + 2 and scopes.count("row") == 4 + 3
    assert '<td class="report-number">-$1,234</td>' in document
    assert '<td class="report-number">—</td>' in document


def test_a_figure_has_its_chart_a_caption_with_title_and_source_and_its_data_table_right_after(
    document: str,
) -> None:
    figure = document[document.index("<figure") : document.index("</figure>") + len("</figure>")]
    assert "<figcaption>" in figure and "Net present value by option" in figure and f"Source: {RUN}" in figure
    assert 'role="img" aria-label="Bar chart: Option B has the highest net present value' in figure
    assert "<svg" in figure and "<title>Bar chart: Option B" in figure
    after = document[document.index("</figure>") + len("</figure>") :].lstrip()
    assert after.startswith('<table class="report-table report-figure-data')
    assert after.index("<caption>Net present value by option (data)</caption>") < after.index("</table>")


def test_the_body_is_for_embedding_no_document_no_styles(report: Report) -> None:
    body = render_body(report)
    parsed = outline(body)
    assert body.startswith("<article") and body.rstrip().endswith("</article>")
    assert not {"html", "head", "body", "style", "link", "script"} & {tag for tag, _ in parsed.tags}
    assert not any("style" in attrs for _, attrs in parsed.tags)
    ids = [attrs["id"] for _, attrs in parsed.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert render_body(report) in render_document(report)


def test_every_provenance_line_is_printed(document: str, report: Report) -> None:
    for line in report.provenance:
        assert f"<li>{line}</li>" in document


def test_a_sentence_that_introduces_a_table_stays_with_it_and_others_flow(document: str) -> None:
    assert '<p class="report-lead">Costs and benefits are discounted' in document
    assert "<p>Paper permits take 41 days on average" in document  # followed by a section, not a table
