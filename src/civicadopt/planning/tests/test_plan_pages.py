"""The Gantt page's zoom and arrows, "Add below" on a row, the one progress form for every row, and long
plans in pages of a hundred rows with a constant number of queries."""

import datetime as dt
import itertools
import re
from decimal import Decimal as D
from typing import Any

from django.test import Client

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.conftest import Tenant
from civicadopt.planning.models import Plan, Task

from .factories import add, make_plan
from .test_views import HX, row_html, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(tenant_a: Tenant) -> dict[str, Any]:
    return make_plan(tenant_a)


@pytest.fixture
def owner(client: Client, tenant_a: Tenant) -> Client:
    client.force_login(tenant_a.users["contributor"])
    return client


def svg_width(page: str) -> float:
    match = re.search(r'<svg[^>]* width="([\d.]+)"', page)
    assert match, "the zoomed chart has a width in pixels"
    return float(match.group(1))


def outline(tenant: Tenant) -> list[tuple[int, str, int]]:
    return list(
        Task.objects.filter(plan__initiative=tenant.initiative)
        .order_by("row")
        .values_list("row", "name", "outline_level")
    )


# The Gantt page ---------------------------------------------------------------------------------


def test_the_zoom_changes_the_time_scale_and_marks_the_current_choice(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    add(sample["plan"], "Support", 130, predecessors="5")  # half a year: wider than the page by week
    pages = {
        zoom: owner.get(url("gantt", tenant_a) + f"?zoom={zoom}").content.decode()
        for zoom in ("week", "month", "quarter")
    }
    widths = {zoom: svg_width(page) for zoom, page in pages.items()}
    assert widths["week"] > widths["month"] >= widths["quarter"]
    assert re.search(r'data-zoom="week" aria-current="true"', pages["week"])
    assert not re.search(r'data-zoom="month" aria-current', pages["week"])
    # the default for a plan of half a year is by month; nonsense falls back to it
    assert owner.get(url("gantt", tenant_a) + "?zoom=<b>").content.decode().count('aria-current="true"') == 1
    assert re.search(
        r'data-zoom="month" aria-current="true"', owner.get(url("gantt", tenant_a)).content.decode()
    )


def test_the_gantt_page_draws_an_arrow_per_link_and_names_the_critical_path(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    page = owner.get(url("gantt", tenant_a)).content.decode()
    # links: 2 → 3 (FS), 3 → 4 (SS+5), 3 → 5 (FS) and 4 → 5 (FF)
    assert len(re.findall(r'<g class="link( critical)?">', page)) == 4
    assert len(re.findall(r'<g class="link critical">', page)) == 2  # Design → Configure → Go live
    assert "Critical path:</strong> Design → Configure → Go live." in page
    assert "critical path: Design → Configure → Go live" in page  # the chart's own description
    # the table beside the chart has the same rows, in the chart's order
    assert re.findall(r'data-gantt-row="(\d+)"', page) == ["1", "2", "3", "4", "5"]


# Add below ---------------------------------------------------------------------------------------


def test_add_below_opens_a_form_row_under_the_row(owner: Client, tenant_a: Tenant, sample: Any) -> None:
    design = sample["design"]
    response = owner.get(url("task-add-below", tenant_a, task_pk=design.pk), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith(f'<tr id="add-below-{design.pk}"')
    assert f'id="below-{design.pk}-name"' in html and "New task below row 2" in html
    assert "Add below" in owner.get(url("plan", tenant_a)).content.decode()
    page = owner.get(url("task-add-below", tenant_a, task_pk=design.pk))  # without JavaScript: a page
    assert page.status_code == 200 and "<html" in page.content.decode()


def test_add_below_a_task_inserts_it_next_at_the_same_level(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    design = sample["design"]
    data = {"name": "Review the design", "duration": "2", "predecessors": "2"}
    response = owner.post(url("task-add-below", tenant_a, task_pk=design.pk), data, headers=HX)
    assert response.status_code == 200 and "Review the design" in row_html(response.content.decode(), 3)
    assert outline(tenant_a) == [
        (1, "Build", 1), (2, "Design", 2), (3, "Review the design", 2), (4, "Configure", 2), (5, "Test", 2),
        (6, "Go live", 1),
    ]  # fmt: skip
    added = Task.objects.get(name="Review the design")
    assert [link.predecessor.name for link in added.predecessor_links.all()] == ["Design"]
    assert AuditEntry.objects.filter(object_id=str(added.pk), action="create").count() == 1


def test_add_below_a_phase_goes_after_the_tasks_inside_it(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    response = owner.post(
        url("task-add-below", tenant_a, task_pk=sample["phase"].pk), {"name": "Train", "duration": "3"}
    )
    assert response.status_code == 302 and response["Location"] == url("plan", tenant_a) + "?page=1#task-5"
    assert outline(tenant_a)[4:] == [(5, "Train", 1), (6, "Go live", 1)]


def test_a_failed_add_below_shows_its_errors_in_its_own_row_and_adds_nothing(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    design = sample["design"]
    bad = {"name": "", "duration": "2", "predecessors": "99"}
    response = owner.post(url("task-add-below", tenant_a, task_pk=design.pk), bad, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Retarget"] == f"#add-below-{design.pk}"
    assert "data-error-summary" in html and "usa-error-message" in html
    assert Task.objects.filter(plan__initiative=tenant_a.initiative).count() == 5
    page = owner.post(url("task-add-below", tenant_a, task_pk=design.pk), bad)
    assert page.status_code == 400 and "data-error-summary" in page.content.decode()


def test_a_failed_add_task_renders_the_errors_at_the_form(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    response = owner.post(url("task-create", tenant_a), {"name": "", "duration": "x"}, headers=HX)
    html = response.content.decode()
    form = html[html.index('action="' + url("task-create", tenant_a)) :]
    assert response.status_code == 200 and "data-error-summary" in form  # inside the add form, not the top


# One progress form for every row --------------------------------------------------------------


def progress_data(tasks: list[Task], **values: dict[str, str]) -> dict[str, str]:
    """The progress form as shown (every row's stored values), with ``values`` changed by task name."""
    data: dict[str, str] = {"page": "1"}
    for task in tasks:
        task.refresh_from_db()
        prefix = f"t{task.pk}"
        data |= {f"{prefix}-version": str(task.version), f"{prefix}-percent_complete": str(task.percent_complete),
                 f"{prefix}-actual_start": "", f"{prefix}-actual_finish": ""}  # fmt: skip
        for name, value in values.get(task.name, {}).items():
            data[f"{prefix}-{name}"] = value
    return data


def leaves(sample: dict[str, Any]) -> list[Task]:
    return [sample[name] for name in ("design", "build", "test", "live")]


def test_one_form_saves_the_progress_of_every_row_and_audits_each_change(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    page = owner.get(url("progress", tenant_a)).content.decode()
    assert page.count('type="submit"') >= 1 and "Save progress" in page
    assert (
        f'name="t{sample["design"].pk}-percent_complete"' in page
        and f'name="t{sample["phase"].pk}-' not in page
    )
    data = progress_data(
        leaves(sample),
        Design={"percent_complete": "100", "actual_start": "2027-01-04", "actual_finish": "2027-01-08"},
        Configure={"percent_complete": "30", "actual_start": "2027-01-11"},
    )
    response = owner.post(url("progress", tenant_a), data)
    assert response.status_code == 302 and response["Location"] == url("progress", tenant_a) + "?page=1"
    design, build, test = (Task.objects.get(pk=sample[n].pk) for n in ("design", "build", "test"))
    assert (design.percent_complete, design.actual_finish, design.version) == (100, dt.date(2027, 1, 8), 2)
    assert (build.percent_complete, build.actual_start, build.version) == (30, dt.date(2027, 1, 11), 2)
    assert test.version == 1  # untouched rows are left alone
    changes = AuditEntry.objects.filter(
        action="update", actor=tenant_a.users["contributor"], object_id__in=[str(design.pk), str(build.pk)]
    )
    assert changes.count() == 2 and changes.get(object_id=str(build.pk)).changes["percent_complete"] == [
        0,
        30,
    ]
    assert "Progress of 2 tasks saved." in owner.get(response["Location"]).content.decode()


def test_any_problem_saves_nothing_and_each_is_named_by_its_task(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    data = progress_data(
        leaves(sample),
        Design={"percent_complete": "150"},
        Configure={"percent_complete": "30"},  # valid, but not saved either
        Test={"actual_start": "2027-01-20", "actual_finish": "2027-01-18"},
    )
    response = owner.post(url("progress", tenant_a), data)
    html = response.content.decode()
    assert response.status_code == 400 and "data-error-summary" in html
    assert "Row 2, “Design”: % complete" in html and "Row 4, “Test”" in html
    assert "The actual finish must be on or after the actual start." in html
    assert f'href="#id_t{sample["design"].pk}-percent_complete"' in html  # the summary links to the field
    assert 'value="150"' in html  # what was typed is kept
    assert [t.version for t in Task.objects.filter(plan=sample["plan"]).order_by("row")] == [1] * 5


def test_a_row_someone_else_changed_meanwhile_is_named_and_nothing_is_saved(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    data = progress_data(
        leaves(sample), Design={"percent_complete": "20"}, Configure={"percent_complete": "40"}
    )
    Task.objects.filter(pk=sample["build"].pk).update(version=5)  # a colleague saved Configure
    response = owner.post(url("progress", tenant_a), data)
    html = response.content.decode()
    assert (
        response.status_code == 400 and "Row 3, “Configure”: someone else changed this task meanwhile" in html
    )
    assert Task.objects.get(pk=sample["design"].pk).percent_complete == 0


# Long plans ------------------------------------------------------------------------------------


def long_plan(tenant: Tenant, count: int) -> Plan:
    """``count`` tasks: one phase, then tasks inside it, each after the one before."""
    from civicadopt.planning.models import Dependency

    plan = Plan.objects.create(initiative=tenant.initiative, start=dt.date(2027, 1, 4))
    Task.objects.bulk_create(
        Task(plan=plan, row=row, name=f"Work package {row}" if row > 1 else "Rollout", outline_level=1 if row == 1 else 2,
             duration=D(0 if row == 1 else 2))
        for row in range(1, count + 1)
    )  # fmt: skip
    tasks = list(plan.tasks.order_by("row"))
    Dependency.objects.bulk_create(
        Dependency(predecessor=a, successor=b, type="FS", lag=D(0)) for a, b in itertools.pairwise(tasks[1:])
    )
    return plan


def test_a_long_plan_is_shown_a_hundred_rows_a_page_with_its_phase_continued(
    owner: Client, tenant_a: Tenant
) -> None:
    long_plan(tenant_a, 130)
    first = owner.get(url("plan", tenant_a)).content.decode()
    assert "130 tasks" in first and "rows 1 to 100 shown" in first and 'id="task-100"' in first
    assert 'id="task-101"' not in first and "?page=2" in first
    second = owner.get(url("plan", tenant_a) + "?page=2").content.decode()
    assert 'id="task-101"' in second and 'id="task-100"' not in second
    assert "Rollout" in second and "(continued from the previous page)" in second
    gantt = owner.get(url("gantt", tenant_a) + "?zoom=month&page=2").content.decode()
    assert re.findall(r'data-gantt-row="(\d+)"', gantt) == [str(row) for row in range(101, 131)]
    assert "zoom=month&amp;page=1" in gantt  # the pages keep the zoom
    progress = owner.get(url("progress", tenant_a) + "?page=2").content.decode()
    assert 'id="task-101"' in progress and 'id="task-100"' not in progress


@pytest.mark.parametrize("name", ["plan", "gantt", "progress"])
def test_a_page_makes_as_many_queries_for_150_tasks_as_for_5(
    owner: Client,
    tenant_a: Tenant,
    tenant_b: Tenant,
    client: Client,
    name: str,
) -> None:
    long_plan(tenant_a, 5)
    long_plan(tenant_b, 150)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for tenant in (tenant_a, tenant_b):
        client.force_login(tenant.users["contributor"])
        client.get(url(name, tenant))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, tenant)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
