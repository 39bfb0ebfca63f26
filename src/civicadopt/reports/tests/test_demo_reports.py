"""The demo's council reports fit the page: every section of every demo initiative, as PDF and as DOCX.

The demo is loaded once for the module (about 15 s) inside a transaction that is rolled back; the
reports are rendered there, in each organisation's language and time zone, as the web download does.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

import pytest

from civicadopt.accounts.conventions import activate_for
from civicadopt.business_cases.report import build_report
from civicadopt.business_cases.selectors import business_case_for, latest_run
from civicadopt.demo.loader import load_demo
from civicadopt.funding.report import funding_blocks
from civicadopt.initiatives.models import Initiative
from civicadopt.planning.report import management_case
from civicadopt.reports.model import Figure, Report, Section, Table
from civicadopt.reports.registry import render
from civicadopt.reports.titles import section_title

from .pagefit import docx_problems, pdf_pages, pdf_problems

# Marked so that pytest-django sets up the test database (it skips that when no test asks for one);
# the demo fixture itself works in its own rolled-back transaction.
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Rendered:
    name: str
    report: Report
    pdf: bytes
    docx: bytes
    xlsx: bytes


def _report(initiative: Initiative) -> Report:
    """Return the full council report where the demo has a calculated business case; otherwise the
    sections every initiative has (the plan and its risks, the funding), so no section goes unchecked."""
    case = business_case_for(initiative=initiative)
    run = latest_run(case=case) if case is not None else None
    if case is not None and run is not None:
        case.initiative = initiative
        return build_report(case, run)
    organisation = initiative.organisation
    return Report(
        title=initiative.title,
        subtitle="",
        organisation=organisation.name,
        prepared_on=initiative.created_at.date(),
        sections=(
            management_case(initiative),
            Section(section_title("financial", organisation.country), tuple(funding_blocks(initiative))),
        ),
        provenance=(),
        currency=organisation.currency,
        country=organisation.country,
    )


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[list[Rendered]]:
    rendered = []
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_demo()
        for initiative in Initiative.objects.select_related("organisation").order_by("pk"):
            with activate_for(initiative.organisation):
                report = _report(initiative)
                files = {fmt: render(report, fmt).content for fmt in ("pdf", "docx", "xlsx")}
            rendered.append(Rendered(initiative.title, report, files["pdf"], files["docx"], files["xlsx"]))
        transaction.set_rollback(True)
    yield rendered


def test_the_demo_has_full_reports_and_plans_to_check(demo: list[Rendered]) -> None:
    assert len(demo) >= 12
    assert sum(1 for item in demo if len(item.report.sections) == 5) >= 2  # the calculated cases
    tables = [block for item in demo for _depth, block in item.report.walk() if isinstance(block, Table)]
    assert len(tables) > 30


def test_every_word_of_every_demo_pdf_lies_inside_the_printable_area(demo: list[Rendered]) -> None:
    problems = {item.name: pdf_problems(item.pdf, item.report.title) for item in demo}
    assert {name: found for name, found in problems.items() if found} == {}


def test_every_section_of_every_demo_report_is_in_its_pdf(demo: list[Rendered]) -> None:
    for item in demo:
        text = " ".join(word.text for page in pdf_pages(item.pdf) for word in page.words)
        for section in item.report.sections:
            assert " ".join(section.title.split()) in text, (item.name, section.title)


def test_every_demo_docx_table_is_the_text_width_with_a_repeating_header(demo: list[Rendered]) -> None:
    problems = {item.name: docx_problems(item.docx) for item in demo}
    assert {name: found for name, found in problems.items() if found} == {}


# What a council member must never read: file paths, method codes, Python's None, grouped fiscal years.
DEVELOPER_TERMS = re.compile(r"docs/|\.md\b|\.py\b|schedule-mc|business-case/\d|\bNone\b|FY\s?\d,\d{3}")


def test_council_text_has_no_developer_terms(demo: list[Rendered]) -> None:
    for item in demo:
        text = " ".join(word.text for page in pdf_pages(item.pdf) for word in page.words)
        assert sorted(set(DEVELOPER_TERMS.findall(text))) == [], item.name


def test_columns_of_calendar_years_read_as_years(demo: list[Rendered]) -> None:
    for item in demo:
        for _depth, block in item.report.walk():
            table = block.table if isinstance(block, Figure) else block
            if not isinstance(table, Table):
                continue
            for index, column in enumerate(table.columns):
                values = [value for value in table.column_values(index) if value is not None]
                if values and all(isinstance(v, int) and 1900 < v < 2200 for v in values):
                    assert column.kind in ("year", "text"), (item.name, table.caption, column.heading)


def test_one_money_format_per_report_whole_units(demo: list[Rendered]) -> None:
    for item in demo:
        text = " ".join(word.text for page in pdf_pages(item.pdf) for word in page.words)
        assert re.search(r"\$\d[\d,]*\.\d\d\b", text) is None, item.name


def test_spreadsheet_years_are_written_without_separators(demo: list[Rendered]) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    for item in demo:
        book = load_workbook(BytesIO(item.xlsx))
        for sheet in book.worksheets[1:]:
            for cell in sheet[4]:  # the first data row, under the headings in row 3
                if isinstance(cell.value, int) and 1900 < cell.value < 2200 and "," in cell.number_format:
                    pytest.fail(
                        f"{item.name}, {sheet.title}!{cell.coordinate}: year shown as {cell.number_format}"
                    )
