"""Import and export pages: Microsoft Project XML, CSV and Excel in and out, every bad file refused with
its problems listed and nothing changed, and what other roles, other organisations and hostile text get."""

import datetime as dt
import io
import zipfile
from decimal import Decimal as D
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.conftest import Tenant
from civicadopt.planning.interchange import read_mspdi
from civicadopt.planning.models import Dependency, Plan, Task

from .factories import make_plan

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "interchange" / "tests" / "fixtures"
CSV = b"name,duration,predecessors\nDesign,5,\nBuild,10,1\n"


def url(name: str, tenant: Tenant, **kwargs: object) -> str:
    return reverse(
        f"planning:{name}", kwargs={"org": tenant.organisation.slug, "pk": tenant.initiative.pk, **kwargs}
    )


def upload(client: Client, tenant: Tenant, name: str, content: bytes, *, confirm: bool = True):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"file": SimpleUploadedFile(name, content)}
    if confirm:
        data["confirm"] = "on"
    return client.post(url("import", tenant), data)


def tasks(plan: Plan) -> list[tuple[object, ...]]:
    return list(plan.tasks.order_by("row").values_list("row", "name", "outline_level", "duration"))


def links(plan: Plan) -> list[tuple[object, ...]]:
    return list(
        Dependency.objects.filter(successor__plan=plan)
        .order_by("successor__row", "predecessor__row")
        .values_list("predecessor__row", "successor__row", "type", "lag")
    )


@pytest.fixture
def plan(tenant_a: Tenant) -> Plan:
    return make_plan(tenant_a)["plan"]


@pytest.fixture
def editor(client: Client, tenant_a: Tenant) -> Client:
    client.force_login(tenant_a.users["editor"])
    return client


def test_the_page_says_the_import_replaces_every_task_and_asks_to_confirm(
    editor: Client, tenant_a: Tenant, plan: Plan
) -> None:
    page = editor.get(url("import", tenant_a))
    text = page.content.decode()
    assert page.status_code == 200
    assert "The current 5 tasks of the plan and their links are deleted and replaced" in text
    assert "Replace the current 5 tasks" in text
    assert "XML Format (*.xml)" in text and ".csv" in text and ".xlsx" in text
    for fmt in ("xml", "csv", "xlsx"):
        assert url("export", tenant_a, fmt=fmt) in text


def test_a_csv_import_replaces_the_tasks_and_says_how_many(
    editor: Client, tenant_a: Tenant, plan: Plan
) -> None:
    # when
    response = upload(editor, tenant_a, "new plan.csv", CSV)
    # then
    assert response.status_code == 302 and response["Location"] == url("plan", tenant_a)
    assert tasks(plan) == [(1, "Design", 1, D(5)), (2, "Build", 1, D(10))]
    assert links(plan) == [(1, 2, "FS", D(0))]
    page = editor.get(response["Location"])
    assert "Imported 2 tasks from new plan.csv." in page.content.decode()


def test_without_the_tick_nothing_is_replaced(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    before = tasks(plan)
    response = upload(editor, tenant_a, "plan.csv", CSV, confirm=False)
    assert response.status_code == 400
    assert "Tick the box to confirm that the current tasks are replaced." in response.content.decode()
    assert tasks(plan) == before


def test_a_plan_without_tasks_needs_no_tick(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    plan.tasks.all().delete()
    page = editor.get(url("import", tenant_a)).content.decode()
    assert "Replace the current" not in page and "The plan has no tasks yet" in page
    assert upload(editor, tenant_a, "plan.csv", CSV, confirm=False).status_code == 302


# --- Microsoft Project XML ----------------------------------------------------------------------------


def test_xml_written_by_the_product_reimports_unchanged(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    # given a plan with a constraint, progress, a baseline, a cost and notes
    Task.objects.filter(plan=plan, row=3).update(
        constraint="SNET", constraint_date=dt.date(2027, 1, 18), percent_complete=30,
        actual_start=dt.date(2027, 1, 18), notes="Vendor <B> & co", cost=D("20000.50"),
        baseline_start=dt.date(2027, 1, 11), baseline_finish=dt.date(2027, 1, 22), baseline_duration=D(10),
    )  # fmt: skip
    first = editor.get(url("export", tenant_a, fmt="xml"))
    before = (tasks(plan), links(plan))
    # when
    assert upload(editor, tenant_a, "plan.xml", first.content).status_code == 302
    second = editor.get(url("export", tenant_a, fmt="xml"))
    # then
    assert read_mspdi(second.content) == read_mspdi(first.content)
    assert second.content == first.content
    assert (tasks(plan), links(plan)) == before
    assert Task.objects.get(plan=plan, row=3).baseline_finish == dt.date(2027, 1, 22)


def test_a_file_saved_by_microsoft_project_is_imported(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    # when
    response = upload(
        editor, tenant_a, "Permitting portal.xml", (FIXTURES / "permitting_portal.xml").read_bytes()
    )
    # then
    assert response.status_code == 302
    imported = list(plan.tasks.order_by("row"))
    assert len(imported) == 9
    assert [task.outline_level for task in imported] == [1, 2, 2, 1, 2, 2, 2, 1, 1]
    clerks = imported[1]
    assert (clerks.name, clerks.duration, clerks.percent_complete, clerks.cost) == (
        "Interview permit clerks & applicants",
        D(5),
        100,
        D("4500.00"),
    )
    assert (imported[4].constraint, imported[4].constraint_date) == ("SNET", dt.date(2026, 2, 23))
    assert imported[7].milestone
    assert (2, 3, "SS", D(2)) in links(plan)  # UIDs became row numbers
    assert (3, 5, "FS", D(-1)) in links(plan)


# --- Tables -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["\ufeffname,duration\nDéploiement,5\n".encode(), "name,duration\nDéploiement,5\n".encode("cp1252")],
    ids=["utf-8 with BOM", "windows-1252"],
)
def test_csv_in_utf8_with_bom_and_windows_1252(
    editor: Client, tenant_a: Tenant, plan: Plan, content: bytes
) -> None:
    assert upload(editor, tenant_a, "plan.csv", content).status_code == 302
    assert tasks(plan) == [(1, "Déploiement", 1, D(5))]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_table_export_imports_back_unchanged(
    editor: Client, tenant_a: Tenant, plan: Plan, fmt: str
) -> None:
    exported = editor.get(url("export", tenant_a, fmt=fmt))
    before = (tasks(plan), links(plan))
    assert upload(editor, tenant_a, f"plan.{fmt}", exported.content).status_code == 302
    assert (tasks(plan), links(plan)) == before


def test_a_file_without_a_known_extension_is_judged_by_its_content(
    editor: Client, tenant_a: Tenant, plan: Plan
) -> None:
    workbook = editor.get(url("export", tenant_a, fmt="xlsx")).content
    assert upload(editor, tenant_a, "download", workbook).status_code == 302
    assert upload(editor, tenant_a, "plan", CSV).status_code == 302
    assert tasks(plan) == [(1, "Design", 1, D(5)), (2, "Build", 1, D(10))]


# --- Bad files: a specific message, and nothing changed -----------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10))
    + b']>\n<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol9;</Name></Project>'
)


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


BAD_FILES = [
    ("plan.csv", b'name,duration\n"Design,5\n', "row 2: the file is not valid CSV (unexpected end of data)"),
    ("plan.csv", b"name,duration\nDesign,five\n",
     "row 2, column 'duration': “five” is not a number of working days from 0 to 100,000"),
    ("plan.csv", b"name,duration,predecessors\nDesign,5,\nBuild,10,7\n",
     "row 3, column 'predecessors': there is no task 7: the file has 2 tasks"),
    ("plan.csv", b"name,duration,predecessors\nA,1,\nB,1,3\nC,1,2\n",
     "The dependencies form a loop: 3 → 2 → 3. Remove one of these links."),
    ("plan.csv", b"name,duration\n" + b"x" * (5 * 1024 * 1024), "The file is larger than 5 MB."),
    ("plan.xml", LAUGHS, "line 2: The file contains a DTD or entity declarations, which are not allowed"),
    ("plan.xml", b"<Project><Name>x</Name>", "line 1: The file is not valid XML: line 1, column 23 (no element found)"),
    ("plan.xlsx", docx(), "This is a Word document, not an Excel workbook: choose the .xlsx file of the plan."),
    ("plan.xlsx", CSV, "The file is not an Excel workbook (.xlsx)."),
    ("plan.mpp", b"\xd0\xcf\x11\xe0",
     "Microsoft Project's own .mpp files cannot be read: in Project choose File > Save As, save as “XML "
     "Format (*.xml)” and import that file."),
    ("plan.pdf", b"%PDF-1.7", "Choose a .xml, .csv or .xlsx file."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "message"),
    BAD_FILES,
    ids=["malformed csv", "wrong type", "unknown predecessor", "loop", "too large", "billion laughs",
         "truncated xml", "docx renamed xlsx", "text renamed xlsx", "mpp", "pdf"],
)  # fmt: skip
def test_a_bad_file_is_refused_with_a_specific_message_and_nothing_changes(
    editor: Client, tenant_a: Tenant, plan: Plan, name: str, content: bytes, message: str
) -> None:
    # given
    before = (tasks(plan), links(plan))
    # when
    response = upload(editor, tenant_a, name, content)
    # then
    assert response.status_code == 400
    assert response.context["problems"] == [message]
    assert "Nothing was imported: correct the problems listed and try again." in response.content.decode()
    assert (tasks(plan), links(plan)) == before


def test_every_problem_is_listed(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    content = b"name,duration,level,phase\n,x,1,\nB,1,3,Wave 9\n"
    response = upload(editor, tenant_a, "plan.csv", content)
    assert response.context["problems"] == [
        "row 2, column 'name': must not be empty",
        "row 2, column 'duration': “x” is not a number of working days from 0 to 100,000",
        "row 3, column 'level': is 3, but can be at most 2: a task can only be indented one level below the "
        "task above it",
        "row 3, column 'phase': there is no phase named “Wave 9” in this initiative",
    ]
    assert plan.tasks.count() == 5


def test_every_problem_of_an_xml_file_names_its_task_and_field(
    editor: Client, tenant_a: Tenant, plan: Plan
) -> None:
    content = (
        b'<Project xmlns="http://schemas.microsoft.com/project"><StartDate>2026-03-02T08:00:00</StartDate>'
        b"<Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name><Duration>soon</Duration></Task>"
        b"<Task><UID>2</UID><ID>2</ID><Name>B</Name><PercentComplete>150</PercentComplete></Task>"
        b"<Task><UID>3</UID><ID>3</ID><Name>C</Name>"
        b"<PredecessorLink><PredecessorUID>9</PredecessorUID></PredecessorLink></Task></Tasks></Project>"
    )
    problems = upload(editor, tenant_a, "plan.xml", content).context["problems"]
    assert problems == [
        "Task 1 (UID 1), Duration: “soon” is not a duration such as PT40H0M0S",
        "Task 2 (UID 2), Percent complete: must be a whole number from 0 to 100",
        "Task 3 (UID 3), Predecessors: there is no task with UID 9",
    ]
    assert plan.tasks.count() == 5


# --- Exports ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("xml", "application/xml"),
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_exports_are_files_named_after_the_initiative(
    client: Client, tenant_a: Tenant, plan: Plan, fmt: str, content_type: str
) -> None:
    client.force_login(tenant_a.users["viewer"])  # reading is enough
    response = client.get(url("export", tenant_a, fmt=fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="riverton-e-permitting-plan.{fmt}"'


def test_an_unknown_format_is_404(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    assert editor.get(url("export", tenant_a, fmt="pdf")).status_code == 404


# --- Who may do what ----------------------------------------------------------------------------------


def test_a_viewer_can_neither_see_the_form_nor_import(client: Client, tenant_a: Tenant, plan: Plan) -> None:
    client.force_login(tenant_a.users["viewer"])
    assert client.get(url("import", tenant_a)).status_code == 403
    assert upload(client, tenant_a, "plan.csv", CSV).status_code == 403
    assert plan.tasks.count() == 5


def test_another_organisations_plan_is_404_and_untouched(
    client: Client, tenant_a: Tenant, tenant_b: Tenant, plan: Plan
) -> None:
    # given an admin of B, and an admin of A who puts B's initiative into A's address
    other = make_plan(tenant_b)["plan"]
    client.force_login(tenant_b.users["admin"])
    assert client.get(url("import", tenant_a)).status_code == 404
    assert upload(client, tenant_a, "plan.csv", CSV).status_code == 404
    assert client.get(url("export", tenant_a, fmt="csv")).status_code == 404
    client.force_login(tenant_a.users["admin"])
    crossed = reverse(
        "planning:import", kwargs={"org": tenant_a.organisation.slug, "pk": tenant_b.initiative.pk}
    )
    assert (
        client.post(crossed, {"file": SimpleUploadedFile("p.csv", CSV), "confirm": "on"}).status_code == 404
    )
    # then
    assert plan.tasks.count() == 5 and other.tasks.count() == 5


# --- Hostile text -------------------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_the_page(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    content = b"name,duration,phase\nA,1,<script>alert(1)</script>\n"
    page = upload(editor, tenant_a, "plan.csv", content).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response = upload(editor, tenant_a, "<img src=x onerror=alert(1)>.csv", CSV)
    page = editor.get(response["Location"]).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.csv" in page


def test_hostile_names_are_neutralised_in_the_workbook(editor: Client, tenant_a: Tenant, plan: Plan) -> None:
    from openpyxl import load_workbook

    Task.objects.filter(plan=plan, row=2).update(name='=HYPERLINK("http://evil.example","Click")')
    content = editor.get(url("export", tenant_a, fmt="xlsx")).content
    cell = load_workbook(io.BytesIO(content)).active["B3"]
    assert cell.value == '\'=HYPERLINK("http://evil.example","Click")' and cell.data_type == "s"
    csv_text = editor.get(url("export", tenant_a, fmt="csv")).content.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil.example"",""Click"")"' in csv_text


def test_a_tick_given_for_another_number_of_tasks_replaces_nothing(
    editor: Client, tenant_a: Tenant, plan: Plan
) -> None:
    # given the page showed 4 tasks, and someone has added one since
    data = {"file": SimpleUploadedFile("plan.csv", CSV), "confirm": "on", "shown": "4"}
    # when
    response = editor.post(url("import", tenant_a), data)
    # then
    assert response.status_code == 400
    assert "it now has 5 tasks. Tick again to replace them." in response.content.decode()
    assert 'name="shown" value="5"' in response.content.decode()
    assert plan.tasks.count() == 5
