"""Initiative pages: bad input gets field-level errors, hostile text is shown escaped, conflicts lose nothing."""

from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.conftest import Tenant
from civicadopt.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> {{ 7|add:7 }} \'; DROP TABLE x;--'


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Online forms",
        "problem_statement": "Paper forms take days.",
        "status": "on_track",
        "stage": "idea",
        "tags": "forms, residents",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor(client: Client, tenant_a: Tenant) -> Client:
    client.force_login(tenant_a.users["manager"])
    return client


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"problem_statement": ""}, "problem_statement"),
        ({"problem_statement": "x" * 10001}, "problem_statement"),
        ({"status": "sideways"}, "status"),
        ({"stage": 42}, "stage"),
        ({"department": "not-a-number"}, "department"),
        ({"department": 999999}, "department"),
        ({"owner": "1; DROP TABLE"}, "owner"),
        ({"goals": ["abc"]}, "goals"),
        ({"tags": ",".join(f"t{i}" for i in range(21))}, "tags"),
        ({"tags": "x" * 501}, "tags"),
    ],
)
def test_bad_input_gets_a_field_level_error_and_saves_nothing(
    editor: Client, tenant_a: Tenant, overrides: dict[str, object], field: str
) -> None:
    # given
    before = Initiative.objects.count()
    # when
    response = editor.post(reverse("initiatives:create", kwargs={"org": "riverton"}), form_data(**overrides))
    # then
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Initiative.objects.count() == before


def test_another_organisations_department_is_not_a_valid_choice(
    editor: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    other = tenant_b.organisation.departments.first()
    response = editor.post(
        reverse("initiatives:create", kwargs={"org": "riverton"}), form_data(department=other.pk)
    )
    assert "department" in response.context["form"].errors


def test_hostile_text_is_stored_as_typed_and_shown_escaped(editor: Client, tenant_a: Tenant) -> None:
    # when
    response = editor.post(
        reverse("initiatives:create", kwargs={"org": "riverton"}),
        form_data(title=HOSTILE[:200], problem_statement=HOSTILE),
        follow=True,
    )
    # then
    initiative = Initiative.objects.get(problem_statement=HOSTILE)
    page = response.content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "{{ 7|add:7 }}" in page and "14" not in initiative.title
    listing = editor.get(reverse("initiatives:list", kwargs={"org": "riverton"}), {"q": "<script>"})
    assert initiative in listing.context["page"].object_list
    assert "<script>alert" not in listing.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"stage": "nonsense"},
        {"department": "abc"},
        {"goal": "99999"},
        {"goal": "not-a-number"},
        {"page": "-1"},
        {"page": "99999"},
        {"order": "'; --"},
        {"q": "x" * 5000},
        {"tag": "\x00"},
    ],
)
def test_bad_list_parameters_never_cause_an_error_page(editor: Client, tenant_a: Tenant, query: dict) -> None:
    response = editor.get(reverse("initiatives:list", kwargs={"org": "riverton"}), query)
    assert response.status_code == 200


def test_the_list_answers_htmx_with_the_results_only(editor: Client, tenant_a: Tenant) -> None:
    response = editor.get(
        reverse("initiatives:list", kwargs={"org": "riverton"}),
        {"q": "permit"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "<html" not in page and "Riverton e-permitting" in page


def test_a_stale_edit_shows_a_conflict_keeps_the_typed_text_and_saves_nothing(
    client: Client, tenant_a: Tenant
) -> None:
    # given: someone else saved version 2 after this form was opened at version 1
    client.force_login(tenant_a.users["editor"])
    url = reverse("initiatives:update", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    Initiative.objects.filter(pk=tenant_a.initiative.pk).update(title="Their title", version=2)
    # when
    response = client.post(url, form_data(title="My title", problem_statement="My careful text", version=1))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this initiative" in page
    assert "My careful text" in page and "Their title" in page
    assert Initiative.objects.get(pk=tenant_a.initiative.pk).title == "Their title"
    # and saving again, now knowingly over version 2, applies the edit
    client.post(url, form_data(title="My title", problem_statement="My careful text", version=2))
    assert Initiative.objects.get(pk=tenant_a.initiative.pk).title == "My title"


def test_the_stage_page_refuses_unmet_gates_in_plain_words_and_an_override_needs_a_note(
    client: Client, tenant_a: Tenant
) -> None:
    client.force_login(tenant_a.users["manager"])
    url = reverse("initiatives:stage", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    # the form proposes the next stage and lists what each later stage needs
    page = client.get(url).content.decode()
    assert 'value="business_case" selected' in page
    assert "A preferred option, chosen in the business case." in page
    # stopping needs a reason
    response = client.post(url, {"stage": "stopped", "version": 1})
    assert "Say why the initiative is stopped" in response.content.decode()
    # funded without a business case is refused, each missing thing named, nothing saved
    response = client.post(url, {"stage": "funded", "version": 1})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Missing: A preferred option, chosen in the business case." in errors["stage"]
    assert "override" in errors
    # ticking the override without a note is refused too
    response = client.post(url, {"stage": "funded", "version": 1, "override": "on"})
    assert "note" in response.context["form"].errors
    assert Initiative.objects.get(pk=tenant_a.initiative.pk).stage == "idea"
    # with a note the move goes through and the page shows it in the history
    response = client.post(
        url, {"stage": "funded", "version": 1, "override": "on", "note": "Council vote of 3 March"}
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert 'aria-current="step">Funded' in detail
    assert "moved on without meeting every gate" in detail and "Council vote of 3 March" in detail


def test_below_manager_the_stage_page_is_refused_and_the_button_hidden(
    client: Client, tenant_a: Tenant
) -> None:
    client.force_login(tenant_a.users["editor"])
    url = reverse("initiatives:stage", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    assert client.get(url).status_code == 403
    detail = client.get(
        reverse("initiatives:detail", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    )
    assert url not in detail.content.decode()


def test_phase_dates_must_be_in_order(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.users["editor"])
    url = reverse("initiatives:phase-create", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    response = client.post(
        url, {"kind": "pilot", "name": "Pilot", "position": 1, "start": "2026-05-01", "finish": "2026-04-01"}
    )
    assert "finish" in response.context["form"].errors
    response = client.post(url, {"kind": "pilot", "name": "Pilot", "position": 1, "start": "31/02/2026"})
    assert "start" in response.context["form"].errors


def test_the_list_filters_by_strategic_goal(editor: Client, tenant_a: Tenant) -> None:
    goal = tenant_a.organisation.goals.first()
    Initiative.objects.create(organisation=tenant_a.organisation, title="No goal", problem_statement="x")
    response = editor.get(reverse("initiatives:list", kwargs={"org": "riverton"}), {"goal": goal.pk})
    assert [i.title for i in response.context["page"].object_list] == ["Riverton e-permitting"]


def test_an_initiative_can_be_created_with_a_department_of_its_organisation(
    editor: Client, tenant_a: Tenant
) -> None:
    department = tenant_a.organisation.departments.first()
    goal = tenant_a.organisation.goals.first()
    response = editor.post(
        reverse("initiatives:create", kwargs={"org": "riverton"}),
        form_data(department=department.pk, goals=[goal.pk]),
    )
    assert response.status_code == 302
    created = Initiative.objects.get(title="Online forms")
    assert (created.department, list(created.goals.all())) == (department, [goal])


def test_a_stale_stage_change_shows_the_current_stage_instead_of_failing(
    client: Client, tenant_a: Tenant
) -> None:
    # given: someone moved the initiative on after this page was loaded
    client.force_login(tenant_a.users["manager"])
    Initiative.objects.filter(pk=tenant_a.initiative.pk).update(stage="funded", version=2)
    url = reverse("initiatives:stage", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    # when
    response = client.post(url, {"stage": "adopted", "version": 1})
    # then
    assert response.status_code == 200
    assert "Someone else changed this initiative meanwhile" in response.content.decode()
    assert Initiative.objects.get(pk=tenant_a.initiative.pk).stage == "funded"


def test_stopping_through_the_edit_form_is_refused_without_a_reason(editor: Client, tenant_a: Tenant) -> None:
    url = reverse("initiatives:update", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    response = editor.post(url, form_data(stage="stopped", version=1))
    assert "stage" in response.context["form"].errors
    assert Initiative.objects.get(pk=tenant_a.initiative.pk).stage == "idea"


def test_an_htmx_history_restore_gets_the_whole_page_and_fragments_vary_by_header(
    editor: Client, tenant_a: Tenant
) -> None:
    url = reverse("initiatives:list", kwargs={"org": "riverton"})
    restore = editor.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()
    assert "HX-Request" in restore.headers["Vary"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("initiatives:update", {"goals": ["99999999999999999999999"], "version": 1}),
        ("initiatives:update", {"department": "99999999999999999999999", "version": 1}),
        ("initiatives:update", {"owner": "-1", "version": 1}),
        ("initiatives:update", {"version": "99999999999999999999999"}),
        ("initiatives:stage", {"stage": "funded", "version": "99999999999999999999999"}),
        ("initiatives:delete", {"version": "99999999999999999999999"}),
    ],
)
def test_numbers_too_large_for_the_database_are_refused_not_crashed_on(
    editor: Client, tenant_a: Tenant, name: str, data: dict[str, object]
) -> None:
    url = reverse(name, kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    response = editor.post(url, {**form_data(), **data})
    assert response.status_code in (200, 302)
    assert Initiative.objects.get(pk=tenant_a.initiative.pk).version == 1


def test_an_address_with_a_huge_id_answers_404(editor: Client, tenant_a: Tenant) -> None:
    assert editor.get("/o/riverton/initiatives/99999999999999999999999/").status_code == 404


def test_the_error_summary_links_to_every_field_in_error(editor: Client, tenant_a: Tenant) -> None:
    response = editor.post(
        reverse("initiatives:create", kwargs={"org": "riverton"}), form_data(title="", goals=["abc"])
    )
    page = response.content.decode()
    for field in ("title", "goals"):
        assert f'href="#id_{field}"' in page and f'id="id_{field}"' in page


def test_a_viewer_sees_what_the_next_stage_needs_without_links_to_pages_they_cannot_use(
    client: Client, tenant_a: Tenant
) -> None:
    Initiative.objects.filter(pk=tenant_a.initiative.pk).update(stage="business_case")
    url = reverse("initiatives:detail", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    client.force_login(tenant_a.users["viewer"])
    page = client.get(url).content.decode()
    assert "Missing:" in page and "A preferred option, chosen in the business case." in page
    assert "Go there" not in page
    client.force_login(tenant_a.users["editor"])
    assert "Go there" in client.get(url).content.decode()
