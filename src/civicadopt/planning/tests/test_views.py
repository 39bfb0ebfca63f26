"""Plan pages: the task table edited in place with htmx (and without JavaScript), conflicts, the Gantt
chart, milestones as iCalendar, progress, the contingency panel, hostile text and other organisations."""

import re
from decimal import Decimal as D
from typing import Any

from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.business_cases import services as business_cases
from civicadopt.business_cases.models import Line
from civicadopt.conftest import Tenant
from civicadopt.planning import services
from civicadopt.planning.models import Plan, Task
from civicadopt.planning.simulation import simulation_run

from .factories import add, empty_plan, make_plan

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
HOSTILE = "<script>alert(1)</script>"


def url(name: str, tenant: Tenant, **kwargs: object) -> str:
    return reverse(
        f"planning:{name}", kwargs={"org": tenant.organisation.slug, "pk": tenant.initiative.pk, **kwargs}
    )


def templates(response: Any) -> set[str]:
    return {template.name for template in response.templates}


def ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def row_html(page: str, row: int) -> str:
    match = re.search(rf'<tr id="task-{row}">(.*?)</tr>', page, re.S)
    assert match, f"row {row} is not in the page"
    return match.group(1)


@pytest.fixture
def sample(tenant_a: Tenant) -> dict[str, Any]:
    return make_plan(tenant_a)


@pytest.fixture
def owner(client: Client, tenant_a: Tenant) -> Client:
    """The initiative's owner, a contributor."""
    client.force_login(tenant_a.users["contributor"])
    return client


def task_form(task: Task, **changes: object) -> dict[str, object]:
    task.refresh_from_db()
    data: dict[str, object] = {"name": task.name, "duration": str(task.duration), "predecessors": "",
                               "version": task.version}  # fmt: skip
    return {**data, **changes}


# The plan and its table --------------------------------------------------------------------------


def test_without_a_plan_the_owner_may_start_one(owner: Client, tenant_a: Tenant) -> None:
    page = owner.get(url("plan", tenant_a))
    assert "planning/start.html" in templates(page) and "Start the plan" in page.content.decode()
    response = owner.post(url("plan", tenant_a), {"start": "2027-01-04"})
    assert response.status_code == 302 and response["Location"] == url("plan", tenant_a)
    assert Plan.objects.get(initiative=tenant_a.initiative).start.isoformat() == "2027-01-04"
    assert owner.post(url("plan", tenant_a), {"start": "2027-01-04"}).status_code == 400  # only one


def test_the_plan_page_shows_dates_float_and_the_critical_path(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    response = owner.get(url("plan", tenant_a))
    page = response.content.decode()
    assert response.status_code == 200 and "planning/plan.html" in templates(response)
    assert 'id="tasks-region"' in page and "5 tasks" in page
    assert "Critical path:</strong> Design → Configure → Go live." in page  # by name, not by row number
    test = row_html(page, 4)
    assert "2027-01-18" in test and "2027-01-21" in test and "3SS+5" in test
    assert re.search(r'class="text-right">1</td>\s*<td>No</td>', test)  # one day of float, not critical
    configure = row_html(page, 3)
    assert re.search(r'class="text-right">0</td>\s*<td><strong>Yes</strong></td>', configure)
    assert "<strong>Build</strong>" in row_html(page, 1)  # the phase
    assert "milestone" in row_html(page, 5) and "2027-01-25" in row_html(page, 5)
    assert "Add a task" in page


def test_a_viewer_sees_the_table_without_any_editing(client: Client, tenant_a: Tenant, sample: Any) -> None:
    client.force_login(tenant_a.users["viewer"])
    page = client.get(url("plan", tenant_a)).content.decode()
    assert "Configure" in page and "Add a task" not in page and "Indent" not in page


def test_an_htmx_request_gets_only_the_table_fragment(owner: Client, tenant_a: Tenant, sample: Any) -> None:
    response = owner.get(url("plan", tenant_a), headers=HX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "planning/_tasks.html" in templates(response) and "planning/plan.html" not in templates(response)
    assert "<html" not in page and "<table" in page and 'id="tasks-region"' not in page


# Adding and editing tasks ------------------------------------------------------------------------


def test_adding_a_task_with_htmx_answers_with_the_updated_table(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    data = {"name": "Train staff", "duration": "3", "predecessors": "5"}
    response = owner.post(url("task-create", tenant_a), data, headers=HX)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Train staff" in row_html(page, 6) and "2027-01-25" in row_html(page, 6)


def test_adding_a_task_without_javascript_redirects_to_the_plan(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    data = {"name": "Train staff", "duration": "3", "predecessors": "3FS+2"}
    response = owner.post(url("task-create", tenant_a), data)
    assert response.status_code == 302 and response["Location"] == url("plan", tenant_a) + "?page=1#task-6"
    added = Task.objects.get(name="Train staff")
    assert added.row == 6 and [str(link) for link in added.predecessor_links.all()] == ["3FS+2.00"]
    assert "Task added." in owner.get(response["Location"]).content.decode()


def test_bad_predecessors_are_shown_next_to_the_field_and_nothing_is_added(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    data = {"name": "Train staff", "duration": "3", "predecessors": "9"}
    response = owner.post(url("task-create", tenant_a), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="id_predecessors_error">There is no task 9 in this plan\.', page)
    assert 'value="Train staff"' in page  # what was typed is kept
    assert not Task.objects.filter(name="Train staff").exists()
    htmx = owner.post(url("task-create", tenant_a), data, headers=HX)
    assert htmx.status_code == 200 and "There is no task 9 in this plan." in htmx.content.decode()


def test_a_loop_typed_in_the_table_is_refused_with_its_rows(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    design = sample["design"]
    response = owner.post(url("task", tenant_a, task_pk=design.pk), task_form(design, predecessors="3"))
    assert response.status_code == 400
    assert re.search(r"The dependencies form a loop: (2 → 3 → 2|3 → 2 → 3)\.", response.content.decode())
    assert not design.predecessor_links.exists()


def test_the_edit_row_and_page_show_the_task_with_its_predecessors(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    test = sample["test"]
    row = owner.get(url("task", tenant_a, task_pk=test.pk), headers=HX)
    assert "planning/_task_edit_row.html" in templates(row) and "<html" not in row.content.decode()
    page = owner.get(url("task", tenant_a, task_pk=test.pk))
    assert "planning/task_form.html" in templates(page)
    assert page.context["form"]["predecessors"].value() == "3SS+5"  # as the table writes it


def test_editing_a_task_in_place_saves_and_answers_with_the_table(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    design = sample["design"]
    response = owner.post(
        url("task", tenant_a, task_pk=design.pk), task_form(design, duration="7"), headers=HX
    )
    assert response.status_code == 200 and "planning/_tasks.html" in templates(response)
    assert "2027-01-12" in row_html(response.content.decode(), 2)  # 7 working days from 4 January
    design.refresh_from_db()
    assert (design.duration, design.version) == (D(7), 2)


def test_a_stale_edit_shows_the_conflict_with_409_and_keeps_the_other_change(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    # given: the owner opened Design at version 1, then an editor renamed it
    design = sample["design"]
    stale = task_form(design, name="Design (owner)")
    services.task_update(user=tenant_a.users["editor"], task=Task.objects.get(pk=design.pk), expected_version=1,
                         data={"name": "Design (editor)"})  # fmt: skip
    # when
    response = owner.post(url("task", tenant_a, task_pk=design.pk), stale)
    # then
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this task while you were editing it." in page
    assert "Saved version: “Design (editor)”" in page
    assert 'name="version" value="2"' in page  # saving again replaces theirs, knowingly
    design.refresh_from_db()
    assert design.name == "Design (editor)"


def test_deleting_a_phase_from_its_page_deletes_its_tasks(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    response = owner.post(url("task", tenant_a, task_pk=sample["phase"].pk), {"delete": "1"})
    assert response.status_code == 302
    assert list(Task.objects.values_list("row", "name")) == [(1, "Go live")]
    assert "4 task(s) deleted." in owner.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("action", "expected"), [("indent", 2), ("outdent", 1)])
def test_indent_and_outdent_by_post(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any], action: str, expected: int
) -> None:
    target = sample["live"] if action == "indent" else sample["test"]
    response = owner.post(url("task-move", tenant_a, task_pk=target.pk), {"action": action})
    assert response.status_code == 302 and response["Location"].startswith(
        url("plan", tenant_a) + "?page=1#task-"
    )
    target.refresh_from_db()
    assert target.outline_level == expected


def test_moving_by_htmx_answers_with_the_table_and_a_refusal_is_explained(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    response = owner.post(url("task-move", tenant_a, task_pk=sample["test"].pk), {"action": "up"}, headers=HX)
    assert response.status_code == 200 and "planning/_tasks.html" in templates(response)
    assert list(Task.objects.values_list("name", flat=True)) == [
        "Build",
        "Design",
        "Test",
        "Configure",
        "Go live",
    ]
    refused = owner.post(
        url("task-move", tenant_a, task_pk=sample["phase"].pk), {"action": "indent"}, follow=True
    )
    assert "This task cannot be indented further" in refused.content.decode()
    odd = owner.post(
        url("task-move", tenant_a, task_pk=sample["phase"].pk), {"action": "sideways"}, follow=True
    )
    assert "Choose indent, outdent, up or down." in odd.content.decode()


# Charts, milestones, progress --------------------------------------------------------------------


def test_the_gantt_chart_is_an_svg_with_hatched_critical_bars(
    client: Client, tenant_a: Tenant, sample: Any
) -> None:
    client.force_login(tenant_a.users["viewer"])
    page = client.get(url("gantt", tenant_a)).content.decode()
    assert page.count("<svg") >= 1 and "<pattern" in page
    assert re.search(r'<pattern id="([^"]+-critical)"', page)
    assert 'fill="url(#' in page and "The same data as a table" in page


def test_the_milestones_download_as_an_icalendar_file(tenant_a: Tenant, client: Client) -> None:
    made = make_plan(tenant_a)
    add(made["plan"], "Council approval", 0, milestone=True, predecessors="2")
    client.force_login(tenant_a.users["viewer"])
    response = client.get(url("milestones-ics", tenant_a))
    body = response.content
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"] and ".ics" in response["Content-Disposition"]
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert body.count(b"BEGIN:VEVENT\r\n") == 2 and body.count(b"END:VEVENT\r\n") == 2
    assert b"\n" not in body.replace(b"\r\n", b"")  # every line ends in CRLF
    assert b"DTSTART;VALUE=DATE:20270125\r\n" in body  # Go live
    assert b"DTSTART;VALUE=DATE:20270111\r\n" in body  # Council approval, after Design
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_the_milestones_page_lists_them_with_a_link_to_the_calendar(
    client: Client, tenant_a: Tenant, sample: Any
) -> None:
    client.force_login(tenant_a.users["viewer"])
    page = client.get(url("milestones", tenant_a)).content.decode()
    assert "Go live" in page and "25 Jan 2027" in page and url("milestones-ics", tenant_a) in page


def test_recording_progress_updates_the_task_and_returns_to_its_row(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    design = sample["design"]
    target = url("progress-update", tenant_a, task_pk=design.pk)
    data = {"percent_complete": "40", "actual_start": "2027-01-05", "actual_finish": "", "version": "1"}
    response = owner.post(target, data)
    assert response.status_code == 302 and response["Location"].endswith(
        url("progress", tenant_a) + "#task-2"
    )
    design.refresh_from_db()
    assert (design.percent_complete, str(design.actual_start), design.version) == (40, "2027-01-05", 2)
    # a second form still at version 1 is refused, with the row named
    stale = owner.post(target, {**data, "percent_complete": "90"}, follow=True)
    assert "Task 2 was changed by someone else meanwhile" in stale.content.decode()
    design.refresh_from_db()
    assert design.percent_complete == 40
    done = owner.post(target, {**data, "actual_finish": "2027-01-12", "version": "2"})
    assert done.status_code == 302
    design.refresh_from_db()
    assert design.percent_complete == 100


def test_the_baseline_then_slip_shows_on_the_progress_page(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    assert owner.post(url("baseline", tenant_a)).status_code == 302
    design = sample["design"]
    owner.post(url("task", tenant_a, task_pk=design.pk), task_form(design, duration="7"))
    page = owner.get(url("progress", tenant_a)).content.decode()
    assert "4 tasks finish later than their baseline." in page  # Design, Configure, Test and Go live
    assert "Baseline saved on" in page


# Contingency -------------------------------------------------------------------------------------


def test_running_the_simulation_then_reading_p50_p80_and_the_reserve(
    owner: Client, tenant_a: Tenant, sample: Any
) -> None:
    assert "No simulation yet." in owner.get(url("contingency", tenant_a)).content.decode()
    response = owner.post(url("contingency", tenant_a), {"iterations": "500", "seed": "3"})
    assert response.status_code == 302
    page = owner.get(url("contingency", tenant_a))
    text = page.content.decode()
    results = page.context["results"]
    assert "500 simulated projects, seed 3" in text
    assert "P50 (as likely to be early as late)" in text and "P80 (8 in 10" in text
    assert results["finish"]["p50_date"] in text and results["finish"]["p80_date"] in text
    assert "Recommended reserve at P80" in text and "working days of schedule reserve" in text
    assert "Row 2: Design" in text  # the only uncertain task drives the finish
    assert owner.post(url("contingency", tenant_a), {"iterations": "5"}).status_code == 400


def test_the_reserve_is_carried_into_a_business_case_option(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    editor = tenant_a.users["editor"]
    case = business_cases.business_case_create(user=editor, initiative=tenant_a.initiative,
                                               data={"price_base_year": 2026, "first_year": 2026})  # fmt: skip
    option = business_cases.option_create(user=editor, case=case, data={"name": "Buy"})
    simulation_run(user=tenant_a.users["contributor"], plan=sample["plan"], iterations=500, seed=3)
    page = owner.get(url("contingency", tenant_a)).content.decode()
    assert "Add as a risk contingency cost line" in page and ">Buy</option>" in page
    assert "Business as usual</option>" not in page
    response = owner.post(url("contingency-carry", tenant_a), {"option": option.pk}, follow=True)
    (line,) = Line.objects.filter(option=option)
    assert line.amount > 0 and line.category == "other_cost"
    assert "added to Buy" in response.content.decode()
    usual = case.options.get(is_business_as_usual=True)
    refused = owner.post(url("contingency-carry", tenant_a), {"option": usual.pk}, follow=True)
    assert "not business as usual" in refused.content.decode()
    assert Line.objects.count() == 1


# Hostile text and other organisations ------------------------------------------------------------


def test_a_hostile_task_name_is_escaped_everywhere(owner: Client, tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, HOSTILE, 5, optimistic=D(4), most_likely=D(5), pessimistic=D(9))
    add(plan, HOSTILE + " done", 0, milestone=True, predecessors="1")
    simulation_run(user=tenant_a.users["contributor"], plan=plan, iterations=200, seed=1)
    task = plan.tasks.get(row=1)
    pages = {
        name: owner.get(url(name, tenant_a)).content.decode()
        for name in ("plan", "gantt", "milestones", "progress", "contingency")
    }
    pages["fragment"] = owner.get(url("plan", tenant_a), headers=HX).content.decode()
    pages["task"] = owner.get(url("task", tenant_a, task_pk=task.pk)).content.decode()
    pages["edit row"] = owner.get(url("task", tenant_a, task_pk=task.pk), headers=HX).content.decode()
    for name, page in pages.items():
        assert HOSTILE not in page, name
        assert "&lt;script&gt;" in page, name
    assert "<svg" in pages["gantt"]
    ics = owner.get(url("milestones-ics", tenant_a)).content
    assert b"BEGIN:VEVENT" in ics and b"<script>" in ics.replace(b"\r\n ", b"")  # text, not HTML


def test_another_organisations_task_or_plan_answers_404(
    owner: Client, tenant_a: Tenant, tenant_b: Tenant, sample: Any
) -> None:
    theirs = make_plan(tenant_b)["design"]
    for name in ("task", "task-move", "progress-update"):
        target = url(name, tenant_a, task_pk=theirs.pk)
        assert owner.post(target, {"action": "up", "name": "X", "duration": "1"}).status_code == 404, name
    assert owner.get(url("task", tenant_a, task_pk=theirs.pk)).status_code == 404
    their_plan = reverse(
        "planning:plan", kwargs={"org": tenant_a.organisation.slug, "pk": tenant_b.initiative.pk}
    )
    assert owner.get(their_plan).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.version, theirs.row) == ("Design", 1, 2)


def test_a_task_id_that_is_not_in_this_plan_answers_404_and_a_plan_less_initiative_too(
    owner: Client, tenant_a: Tenant
) -> None:
    assert owner.get(url("gantt", tenant_a)).status_code == 404  # no plan yet
    empty_plan(tenant_a)
    assert owner.get(url("task", tenant_a, task_pk=2**62)).status_code == 404


def test_progress_recorded_on_the_web_is_audited(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    from civicadopt.audit.models import AuditEntry

    design = sample["design"]
    data = {"percent_complete": "40", "actual_start": "2027-01-05", "version": "1"}
    owner.post(url("progress-update", tenant_a, task_pk=design.pk), data)
    entry = AuditEntry.objects.filter(
        content_type__model="task", object_id=str(design.pk), action="update"
    ).get()
    assert entry.changes == {"percent_complete": [0, 40], "actual_start": [None, "2027-01-05"]}


# Editing in place: htmx 2 swaps only 2xx answers, into the form's hx-target (#tasks-region) unless told ---


def test_an_invalid_in_place_edit_replaces_only_its_row(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    design = sample["design"]
    response = owner.post(
        url("task", tenant_a, task_pk=design.pk), task_form(design, predecessors="9"), headers=HX
    )
    assert response.status_code == 200 and "There is no task 9" in response.content.decode()
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#task-2", "outerHTML")
    assert "planning/_task_edit_row.html" in templates(response)


def test_an_in_place_edit_conflict_is_shown(owner: Client, tenant_a: Tenant, sample: dict[str, Any]) -> None:
    design = sample["design"]
    stale = task_form(design, name="Mine")
    services.task_update(user=tenant_a.users["editor"], task=Task.objects.get(pk=design.pk), expected_version=1,
                         data={"name": "Theirs"})  # fmt: skip
    response = owner.post(url("task", tenant_a, task_pk=design.pk), stale, headers=HX)
    page = response.content.decode()
    assert response.status_code == 200  # htmx would not swap a 409
    assert "Someone else changed this task" in page and "Saved version: “Theirs”" in page
    assert 'name="version" value="2"' in page
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#task-2", "outerHTML")


def test_a_refused_move_by_htmx_says_why(owner: Client, tenant_a: Tenant, sample: dict[str, Any]) -> None:
    response = owner.post(
        url("task-move", tenant_a, task_pk=sample["phase"].pk), {"action": "indent"}, headers=HX
    )
    assert "cannot be indented further" in response.content.decode()


def test_the_edit_row_does_not_repeat_the_ids_of_the_add_form(
    owner: Client, tenant_a: Tenant, sample: dict[str, Any]
) -> None:
    table = owner.get(url("plan", tenant_a), headers=HX).content.decode()
    row = owner.get(url("task", tenant_a, task_pk=sample["design"].pk), headers=HX).content.decode()
    assert not (ids(row) - {"task-2"}) & ids(table)
