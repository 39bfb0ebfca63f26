"""The demo loader: it loads, loads again without change, refreshes edits, and refuses a bad file whole."""

import copy
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

import pytest

from civicadopt.accounts.models import Department, Membership, Organisation, StrategicGoal, User
from civicadopt.accounts.roles import Role
from civicadopt.audit.models import AuditEntry
from civicadopt.demo import loader
from civicadopt.demo.datafile import DemoDataError, read_data_file, validate
from civicadopt.demo.loader import load_demo
from civicadopt.initiatives.models import Initiative, Phase, Stage
from civicadopt.initiatives.selectors import initiative_list
from civicadopt.initiatives.services import initiative_update

PASSWORD = "riverton-demo-2026"
MODELS = (Organisation, Department, StrategicGoal, User, Membership, Initiative, Phase, AuditEntry)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def data() -> dict:
    return read_data_file()


def test_the_built_in_file_is_valid(data):
    validate(data)


@pytest.mark.django_db
def test_load_creates_the_three_municipalities():
    # when
    summary = load_demo()

    # then
    riverton = Organisation.objects.get(slug="riverton")
    assert riverton.name == "City of Riverton"
    assert riverton.population == 85000
    assert riverton.fiscal_year_start_month == 7
    assert riverton.discount_rate == Decimal("0.0300")
    assert "Riverton Finance Department" in riverton.discount_rate_source
    assert riverton.departments.count() == 8
    assert riverton.goals.count() == 5
    assert Initiative.objects.filter(organisation=riverton).count() == 10
    assert Organisation.objects.get(slug="millbrook").initiatives.count() == 2
    kestrel_vale = Organisation.objects.get(slug="kestrel-vale")
    assert (kestrel_vale.country, kestrel_vale.currency, kestrel_vale.time_zone) == (
        "GB",
        "GBP",
        "Europe/London",
    )
    assert kestrel_vale.discount_schedule == "green-book"
    assert kestrel_vale.initiatives.count() == 1
    assert riverton.time_zone == "America/Chicago"
    assert summary.created["initiative"] == 13
    assert set(riverton.initiatives.values_list("stage", flat=True)) == set(Stage.values)


@pytest.mark.django_db
def test_initiatives_are_written_through_the_services_with_a_real_history():
    load_demo()
    admin = User.objects.get(username="admin")

    permitting = Initiative.objects.get(title__startswith="Replace the 1990s permitting")
    assert permitting.created_by == admin
    assert (
        AuditEntry.objects.filter(
            initiative_id=permitting.pk,
            action="create",
            actor=admin,
            content_type__model__in=["initiative", "phase"],
        ).count()
        == 4
    )
    assert [change.to_stage for change in permitting.stage_changes.all()] == [
        "idea", "business_case", "funded", "planned", "delivering",
    ]  # fmt: skip
    assert [phase.kind for phase in permitting.phases.all()] == ["pilot", "rollout", "rollout"]

    stopped = Initiative.objects.get(title="Smart streetlight pilot")
    last = stopped.stage_changes.last()
    assert (last.from_stage, last.to_stage) == ("business_case", "stopped")
    assert "did not pay back" in last.note


@pytest.mark.django_db
def test_a_second_load_changes_nothing():
    # given
    load_demo()
    before = counts()
    versions = dict(Initiative.objects.values_list("pk", "version"))

    # when
    summary = load_demo()

    # then
    assert counts() == before
    assert dict(Initiative.objects.values_list("pk", "version")) == versions
    assert not summary.changed_anything
    assert summary.unchanged["initiative"] == 13


@pytest.mark.django_db
def test_a_load_puts_back_a_demo_initiative_someone_edited_and_audits_it():
    # given: the editor changed an initiative in the product
    load_demo()
    editor = User.objects.get(username="editor")
    initiative = Initiative.objects.get(title="GIS modernization")
    initiative_update(
        user=editor, initiative=initiative, expected_version=initiative.version,
        data={"status": "off_track", "tags": ["changed"]},
    )  # fmt: skip
    entries = AuditEntry.objects.count()

    # when
    summary = load_demo()

    # then
    initiative.refresh_from_db()
    assert initiative.status == "on_track"
    assert sorted(initiative.tags.values_list("name", flat=True)) == ["gis", "infrastructure"]
    assert summary.updated["initiative"] == 1
    assert AuditEntry.objects.count() == entries + 1
    refresh = AuditEntry.objects.first()
    assert refresh.actor.username == "admin"
    assert refresh.changes["status"] == ["off_track", "on_track"]


@pytest.mark.django_db
def test_a_load_puts_back_stage_role_and_settings_through_the_services():
    # given
    load_demo()
    Initiative.objects.filter(title="Open-data portal").update(stage=Stage.ADOPTED)
    Membership.objects.filter(user__username="viewer").update(role=Role.EDITOR)
    Organisation.objects.filter(slug="riverton").update(discount_rate=Decimal("0.0700"))
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()

    # when
    load_demo()

    # then
    assert Initiative.objects.get(title="Open-data portal").stage == Stage.IDEA
    assert Membership.objects.get(user__username="viewer").role == Role.VIEWER
    assert Organisation.objects.get(slug="riverton").discount_rate == Decimal("0.0300")
    second_load = AuditEntry.objects.filter(action="update", pk__gt=before)
    changed = {entry.content_type.model for entry in second_load}
    assert changed == {"initiative", "membership", "organisation"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_role_has_its_demo_user(role):
    load_demo()

    membership = Membership.objects.select_related("user", "organisation").get(user__username=role)

    assert membership.role == role
    assert membership.organisation.slug == "riverton"
    assert membership.user.email.endswith("@riverton.example")
    assert membership.user.check_password(PASSWORD)


@pytest.mark.django_db
def test_millbrook_sees_none_of_rivertons_initiatives_and_the_other_way_round():
    load_demo()
    riverton = Organisation.objects.get(slug="riverton")
    millbrook = Organisation.objects.get(slug="millbrook")
    millbrook_admin = User.objects.get(username="millbrook-admin")
    riverton_admin = User.objects.get(username="admin")

    assert list(millbrook_admin.memberships.values_list("organisation__slug", "role")) == [
        ("millbrook", "admin")
    ]
    assert initiative_list(user=millbrook_admin, organisation=riverton).count() == 0
    assert initiative_list(user=millbrook_admin, organisation=millbrook).count() == 2
    assert initiative_list(user=riverton_admin, organisation=millbrook).count() == 0
    assert initiative_list(user=riverton_admin, organisation=riverton).count() == 10


@pytest.mark.django_db
def test_passwords_are_kept_on_a_later_load_unless_reset_is_asked_for():
    # given
    load_demo()
    viewer = User.objects.get(username="viewer")
    viewer.set_password("chosen-by-the-visitor")
    viewer.save()

    # when / then: kept, and the sign-in table says so
    summary = load_demo()
    viewer.refresh_from_db()
    assert viewer.check_password("chosen-by-the-visitor")
    assert "--reset-passwords" in next(
        login.password for login in summary.logins if login.username == "viewer"
    )

    # when / then: reset
    load_demo(reset_passwords=True)
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)


@pytest.mark.django_db
def test_an_existing_account_with_a_demo_user_name_is_not_taken_over():
    # given: someone's real account happens to be called "admin"
    User.objects.create_user(username="admin", password="their-own-password", email="it@example.gov")

    # when
    with pytest.raises(DemoDataError, match=r"users\[4\].username: 'admin' is an existing account"):
        load_demo()

    # then
    admin = User.objects.get()
    assert (admin.email, admin.check_password("their-own-password")) == ("it@example.gov", True)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_a_bad_file_names_the_entry_and_writes_nothing(data):
    # given
    data = copy.deepcopy(data)
    data["initiatives"][3]["stage"] = "planed"
    data["users"][0]["memberships"][0]["role"] = "boss"
    data["initiatives"][8].pop("note")
    data["organisations"][0]["stage"] = "typo"

    # when
    with pytest.raises(DemoDataError) as caught:
        load_demo(data=data)

    # then: every problem at once, each with its place in the file
    problems = caught.value.problems
    assert any(p.startswith("initiatives[3].stage: 'planed' is not a stage") for p in problems)
    assert any(p.startswith("users[0].memberships[0].role: 'boss' is not a role") for p in problems)
    assert any(p.startswith("initiatives[8].note: is missing") for p in problems)
    assert any(p.startswith("organisations[0].stage: is not a known field") for p in problems)
    assert all(count == 0 for count in counts().values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["initiatives"][0].update(owner="nobody"),
            "initiatives[0].owner: 'nobody' is not a member",
        ),
        (lambda d: d["initiatives"][0].update(department="Zoo"), "initiatives[0].department: 'Zoo' is not"),
        (
            lambda d: d["initiatives"][0]["goals"].append("World peace"),
            "initiatives[0].goals[2]: 'World peace'",
        ),
        (
            lambda d: d["initiatives"][0]["phases"][0].update(finish="2020-01-01"),
            "phases[0].finish: 2020-01-01",
        ),
        (lambda d: d["initiatives"][0]["phases"][0].update(start="March"), "phases[0].start: 'March' is not"),
        (
            lambda d: d["organisations"][0].update(discount_rate=0.03),
            'discount_rate: must be text such as "0.0300"',
        ),
        (
            lambda d: d["users"][4]["memberships"][0].update(role="manager"),
            "organisations[0]: no user is an admin",
        ),
        (lambda d: d["initiatives"].append(dict(d["initiatives"][0])), "initiatives[13].title: 'Replace"),
        (lambda d: d.update(format=2), "format: 2 is not a supported format"),
    ],
)
def test_each_kind_of_mistake_is_reported_with_its_place(data, change, expected):
    data = copy.deepcopy(data)
    change(data)

    with pytest.raises(DemoDataError) as caught:
        load_demo(data=data)

    assert any(expected in problem for problem in caught.value.problems), caught.value.problems
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_a_refusal_half_way_through_undoes_the_whole_load(monkeypatch):
    # given: the phase service refuses the last phase, after most of the demo is written
    real_phase_create = loader.phase_create

    def refuse_wave_2(**kwargs):
        if kwargs["data"]["name"].startswith("Wave 2: field staff"):
            raise ValidationError({"name": "refused for the test"})
        return real_phase_create(**kwargs)

    monkeypatch.setattr(loader, "phase_create", refuse_wave_2)

    # when
    with pytest.raises(DemoDataError, match=r"initiatives\[3\]: refused for the test"):
        load_demo()

    # then
    assert all(count == 0 for count in counts().values())


@pytest.mark.django_db
def test_the_management_command_prints_the_sign_ins():
    out = io.StringIO()

    call_command("demo", stdout=out)

    assert "viewer" in out.getvalue()
    assert PASSWORD in out.getvalue()
    assert "City of Riverton" in out.getvalue()


@pytest.mark.django_db
def test_the_management_command_reports_a_bad_file(tmp_path):
    bad = tmp_path / "demo.json"
    bad.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON at line 1"):
        call_command("demo", file=str(bad), stdout=io.StringIO())
