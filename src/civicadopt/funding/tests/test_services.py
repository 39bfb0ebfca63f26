"""Funding services and selectors: permissions, audit, conflicts, the catalogue's filters, expected values
and deadlines."""

from datetime import date, timedelta
from decimal import Decimal as D

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.concurrency import VersionConflict
from civicadopt.conftest import Tenant
from civicadopt.funding import selectors, services
from civicadopt.funding.models import Application, FundingProfile, MatchFunds, Programme, Source
from civicadopt.funding.selectors import ProgrammeFilters

from . import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def audit(instance: object, action: str, pk: int | None = None) -> AuditEntry:
    """Return the one audit entry of ``action`` on ``instance`` (give ``pk`` once it is deleted)."""
    return AuditEntry.objects.get(
        content_type__model=type(instance).__name__.lower(),
        object_id=str(pk or instance.pk),  # type: ignore[attr-defined]
        action=action,
    )


# The catalogue


def test_an_editor_adds_an_own_programme_and_it_is_audited(tenant_a: Tenant) -> None:
    programme = factories.own_programme(tenant_a.organisation, tenant_a.users["editor"])
    assert (programme.organisation, programme.source, programme.version) == (
        tenant_a.organisation,
        "manual",
        1,
    )
    entry = audit(programme, "create")
    assert entry.organisation == tenant_a.organisation and entry.changes["name"][1] == programme.name


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_below_editor_may_not_add_programmes(tenant_a: Tenant, role: str) -> None:
    with pytest.raises(PermissionDenied):
        factories.own_programme(tenant_a.organisation, tenant_a.users[role])


def test_nobody_changes_or_deletes_a_shared_programme_here(tenant_a: Tenant) -> None:
    shared = factories.shared_programme()
    admin = tenant_a.users["admin"]
    with pytest.raises(PermissionDenied):
        services.programme_update(
            user=admin,
            organisation=tenant_a.organisation,
            programme=shared,
            expected_version=1,
            data={"name": "x"},
        )
    with pytest.raises(PermissionDenied):
        services.programme_delete(
            user=admin, organisation=tenant_a.organisation, programme=shared, expected_version=1
        )
    with pytest.raises(ValueError, match=r"Grants\.gov"):
        services.programme_create(
            user=admin,
            organisation=tenant_a.organisation,
            data={"funder": "x", "name": "y"},
            source=Source.GRANTS_GOV,
        )
    assert Programme.objects.get(pk=shared.pk).name == "Community Development Block Grant"


def test_another_organisations_admin_cannot_change_our_programme(tenant_a: Tenant, tenant_b: Tenant) -> None:
    ours = factories.own_programme(tenant_a.organisation, tenant_a.users["editor"])
    with pytest.raises(PermissionDenied):
        services.programme_update(
            user=tenant_b.users["admin"], organisation=tenant_b.organisation, programme=ours,
            expected_version=1, data={"name": "Theirs"},
        )  # fmt: skip


def test_a_stale_programme_edit_is_refused_and_the_first_kept(tenant_a: Tenant) -> None:
    editor, manager = tenant_a.users["editor"], tenant_a.users["manager"]
    programme = factories.own_programme(tenant_a.organisation, editor)
    services.programme_update(
        user=editor, organisation=tenant_a.organisation, programme=programme, expected_version=1,
        data={"award_ceiling": D(750_000)},
    )  # fmt: skip
    stale = Programme.objects.get(pk=programme.pk)
    with pytest.raises(VersionConflict) as conflict:
        services.programme_update(
            user=manager, organisation=tenant_a.organisation, programme=stale, expected_version=1,
            data={"award_ceiling": D(1)},
        )  # fmt: skip
    assert conflict.value.current.award_ceiling == D(750_000)
    assert audit(programme, "update").changes["award_ceiling"] == ["500000.00", "750000.00"]


def test_an_inconsistent_programme_is_refused(tenant_a: Tenant) -> None:
    with pytest.raises(ValidationError) as error:
        factories.own_programme(
            tenant_a.organisation, tenant_a.users["editor"], award_floor=D(10), award_ceiling=D(5)
        )
    assert "award_ceiling" in error.value.message_dict


def test_a_programme_that_applications_name_cannot_be_deleted(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    programme = factories.own_programme(tenant_a.organisation, editor)
    factories.application(tenant_a.initiative, editor, programme)
    with pytest.raises(ValidationError):
        services.programme_delete(
            user=editor, organisation=tenant_a.organisation, programme=programme, expected_version=1
        )
    programme.refresh_from_db()
    assert programme.version == 1 and not AuditEntry.objects.filter(action="delete").exists()


def test_deleting_an_own_programme_keeps_its_values_in_the_audit_trail(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    programme = factories.own_programme(tenant_a.organisation, editor)
    pk = programme.pk
    services.programme_delete(
        user=editor, organisation=tenant_a.organisation, programme=programme, expected_version=1
    )
    assert not Programme.objects.exists()
    assert audit(programme, "delete", pk).changes["funder"] == ["Ohio Department of Development", None]


# The catalogue's search and filters


@pytest.fixture
def catalogue(tenant_a: Tenant, tenant_b: Tenant) -> dict[str, Programme]:
    editor = tenant_a.users["editor"]
    return {
        "cdbg": factories.shared_programme(),  # open 15 Jan to 30 Jun 2026; 01, 02; CD
        "fire": factories.shared_programme(
            name="Assistance to Firefighters Grants", funder="FEMA", applicant_types=["25"], categories=["DPR"],
            opens=date(2026, 3, 1), closes=date(2026, 3, 20), description="Equipment for fire departments.",
            award_ceiling=D(1_000_000),
        ),
        "any": factories.shared_programme(
            name="Economic Development Assistance", funder="EDA", applicant_types=["99"], categories=["RD", "BC"],
            opens=None, closes=None, rolling=True, description="Broadband and permitting upgrades.",
        ),
        "past": factories.shared_programme(
            name="Closed programme", applicant_types=["20"], closes=date(2026, 2, 1), opens=date(2025, 11, 1),
            award_ceiling=None,
        ),
        "ours": factories.own_programme(tenant_a.organisation, editor, kind="partnership"),  # 02; ST; US-OH
        "theirs": factories.own_programme(tenant_b.organisation, tenant_b.users["editor"], name="Millbrook only"),
    }  # fmt: skip


def names(tenant: Tenant, **filters: object) -> list[str]:
    programmes = selectors.programme_list(
        user=tenant.users["viewer"],
        organisation=tenant.organisation,
        today=TODAY,
        filters=ProgrammeFilters(**filters),
    )
    return [programme.name for programme in programmes]


def test_the_catalogue_is_the_shared_programmes_and_our_own_closing_soonest_first(
    tenant_a: Tenant, catalogue: dict[str, Programme]
) -> None:
    assert names(tenant_a) == [
        "Closed programme", "Assistance to Firefighters Grants", "Community Development Block Grant",
        "Ohio Broadband Expansion Grant", "Economic Development Assistance",
    ]  # fmt: skip
    assert names(tenant_a, order="-award") == [  # no ceiling last
        "Community Development Block Grant", "Economic Development Assistance", "Assistance to Firefighters Grants",
        "Ohio Broadband Expansion Grant", "Closed programme",
    ]  # fmt: skip
    assert names(tenant_a, owner="own") == ["Ohio Broadband Expansion Grant"]
    assert "Millbrook only" not in names(tenant_a) and "Ohio Broadband Expansion Grant" not in names(
        tenant_a, owner="shared"
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "fire"}, ["Assistance to Firefighters Grants"]),  # in the name
        (
            {"q": "fema equipment"},
            ["Assistance to Firefighters Grants"],
        ),  # every word, funder and description
        ({"q": "fema broadband"}, []),
        ({"q": "BROADBAND"}, ["Ohio Broadband Expansion Grant", "Economic Development Assistance"]),
        (
            {"q": "FR-6800-N-01"},
            [
                "Closed programme",
                "Assistance to Firefighters Grants",
                "Community Development Block Grant",
                "Economic Development Assistance",
            ],
        ),
        ({"q": "100%_"}, []),  # wildcards are text
        ({"kind": "partnership"}, ["Ohio Broadband Expansion Grant"]),
        (
            {"open_now": True},
            [
                "Assistance to Firefighters Grants",
                "Community Development Block Grant",
                "Ohio Broadband Expansion Grant",
                "Economic Development Assistance",
            ],
        ),
        ({"closes_within": 30}, ["Assistance to Firefighters Grants"]),
        (
            {"applicant_type": "02"},
            [
                "Community Development Block Grant",
                "Ohio Broadband Expansion Grant",
                "Economic Development Assistance",
            ],
        ),  # 99 is open to anyone
        ({"applicant_type": "20"}, ["Closed programme", "Economic Development Assistance"]),
        ({"category": "BC"}, ["Economic Development Assistance"]),
        ({"category": "D"}, []),  # a whole code only, never part of DPR or CD
    ],
)
def test_search_and_filters(
    tenant_a: Tenant, catalogue: dict[str, Programme], filters: dict[str, object], expected: list[str]
) -> None:
    assert names(tenant_a, **filters) == expected


def test_a_non_member_sees_an_empty_catalogue_and_gets_404_for_a_programme(
    tenant_a: Tenant, tenant_b: Tenant, catalogue: dict[str, Programme]
) -> None:
    outsider = tenant_b.users["admin"]
    assert not selectors.programme_list(
        user=outsider, organisation=tenant_a.organisation, today=TODAY
    ).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.programme_get(user=outsider, organisation=tenant_a.organisation, pk=catalogue["cdbg"].pk)
    with pytest.raises(Http404):  # B's own programme, asked for in A's catalogue
        selectors.programme_get(
            user=tenant_a.users["admin"], organisation=tenant_a.organisation, pk=catalogue["theirs"].pk
        )
    counts = selectors.programme_counts(
        user=tenant_a.users["viewer"], organisation=tenant_a.organisation, today=TODAY
    )
    assert counts == {"shared": 4, "own": 1, "open": 4}


# The funding profile


def test_a_manager_sets_the_profile_and_match_funds_and_both_are_audited(tenant_a: Tenant) -> None:
    manager = tenant_a.users["manager"]
    profile = services.profile_update(
        user=manager, organisation=tenant_a.organisation, expected_version=1,
        data={"applicant_type": "01", "rural": True, "region": "US-OH"},
    )  # fmt: skip
    assert (profile.applicant_type, profile.rural, profile.region, profile.version) == (
        "01",
        True,
        "US-OH",
        2,
    )
    assert audit(profile, "update").changes["applicant_type"] == ["02", "01"]
    services.match_funds_set(
        user=manager, organisation=tenant_a.organisation, fiscal_year=2027, amount=D(50_000)
    )
    row = services.match_funds_set(
        user=manager, organisation=tenant_a.organisation, fiscal_year=2027, amount=D(80_000)
    )
    assert MatchFunds.objects.get().amount == D(80_000)
    assert audit(row, "update").changes["amount"] == ["50000.00", "80000.00"]
    pk = row.pk
    services.match_funds_delete(user=manager, organisation=tenant_a.organisation, row=row)
    assert not MatchFunds.objects.exists() and audit(row, "delete", pk)


def test_only_managers_change_the_profile_and_a_stale_edit_is_refused(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    with pytest.raises(PermissionDenied):
        services.profile_update(user=tenant_a.users["editor"], organisation=tenant_a.organisation, expected_version=1,
                                data={"rural": True})  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.match_funds_set(user=tenant_b.users["admin"], organisation=tenant_a.organisation, fiscal_year=2027,
                                 amount=D(1))  # fmt: skip
    admin = tenant_a.users["admin"]
    services.profile_update(
        user=admin, organisation=tenant_a.organisation, expected_version=1, data={"rural": True}
    )
    with pytest.raises(VersionConflict):
        services.profile_update(
            user=admin, organisation=tenant_a.organisation, expected_version=1, data={"rural": False}
        )
    assert FundingProfile.objects.get().rural is True


def test_a_profile_with_a_bad_code_is_refused_by_the_form_not_stored() -> None:
    from civicadopt.funding.forms import FundingProfileForm

    form = FundingProfileForm({"applicant_type": "99", "region": "Ohio", "version": 1})
    assert not form.is_valid() and set(form.errors) == {"applicant_type", "region"}
    form = FundingProfileForm({"applicant_type": "02", "region": "us-oh", "version": 1})
    assert form.is_valid() and form.cleaned_data["region"] == "US-OH"


# Applications


def test_an_application_takes_the_programmes_closing_date_and_is_audited(tenant_a: Tenant) -> None:
    programme = factories.shared_programme()
    application = factories.application(tenant_a.initiative, tenant_a.users["contributor"], programme)
    assert application.deadline == date(2026, 6, 30) and application.stage == "identified"
    entry = audit(application, "create")
    assert entry.initiative_id == tenant_a.initiative.pk and entry.organisation == tenant_a.organisation
    explicit = factories.application(
        tenant_a.initiative, tenant_a.users["editor"], programme, deadline=date(2026, 5, 1)
    )
    assert explicit.deadline == date(2026, 5, 1)


def test_who_may_apply_follows_the_initiative(tenant_a: Tenant) -> None:
    programme = factories.shared_programme()
    with pytest.raises(PermissionDenied):
        factories.application(tenant_a.initiative, tenant_a.users["viewer"], programme)
    tenant_a.initiative.owner = tenant_a.users["editor"]
    tenant_a.initiative.save()
    with pytest.raises(PermissionDenied):  # a contributor only on the initiatives they own
        factories.application(tenant_a.initiative, tenant_a.users["contributor"], programme)


def test_an_application_to_another_organisations_own_programme_is_refused(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    theirs = factories.own_programme(tenant_b.organisation, tenant_b.users["editor"])
    with pytest.raises(ValidationError) as error:
        factories.application(tenant_a.initiative, tenant_a.users["editor"], theirs)
    assert "programme" in error.value.message_dict and not Application.objects.exists()


def test_a_stage_change_is_audited_and_a_stale_edit_refused(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    application = factories.application(tenant_a.initiative, editor, factories.shared_programme())
    services.application_update(user=editor, application=application, expected_version=1,
                                data={"stage": "submitted"})  # fmt: skip
    assert audit(application, "update").changes["stage"] == ["identified", "submitted"]
    stale = Application.objects.select_related("initiative").get(pk=application.pk)
    with pytest.raises(VersionConflict):
        services.application_update(
            user=editor, application=stale, expected_version=1, data={"stage": "withdrawn"}
        )
    with pytest.raises(ValueError, match="Unknown application fields"):
        services.application_update(
            user=editor, application=stale, expected_version=2, data={"programme": None}
        )


def test_the_checklist_is_cleaned_versioned_and_audited(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    application = factories.application(tenant_a.initiative, editor, factories.shared_programme())
    services.application_checklist_set(user=editor, application=application, expected_version=1, checklist=[
        {"item": "  SAM.gov   registration ", "done": True}, {"item": "Budget narrative"},
    ])  # fmt: skip
    application.refresh_from_db()
    assert application.checklist == [
        {"item": "SAM.gov registration", "done": True},
        {"item": "Budget narrative", "done": False},
    ]
    assert audit(application, "update").changes["checklist"][0] == "[]"
    with pytest.raises(ValidationError):
        services.application_checklist_set(user=editor, application=application, expected_version=2,
                                           checklist=[{"item": ""}])  # fmt: skip
    with pytest.raises(ValidationError):
        services.application_checklist_set(user=editor, application=application, expected_version=2,
                                           checklist=[{"item": "x"}] * 51)  # fmt: skip
    with pytest.raises(VersionConflict):
        services.application_checklist_set(
            user=editor, application=application, expected_version=1, checklist=[]
        )


@pytest.mark.parametrize(
    ("stage", "expected"),
    [("identified", D("80000.00")), ("submitted", D("80000.00")), ("awarded", D("200000.00")),
     ("declined", D("0")), ("withdrawn", D("0"))],
)  # fmt: skip
def test_the_expected_value_is_the_request_times_the_probability_while_pending(
    tenant_a: Tenant, stage: str, expected: D
) -> None:
    # given 200,000 requested at 40%
    application = factories.application(
        tenant_a.initiative, tenant_a.users["editor"], factories.shared_programme(), stage=stage
    )
    # when
    listed = selectors.application_list(user=tenant_a.users["viewer"], initiative=tenant_a.initiative).get()
    # then
    assert listed.pk == application.pk and listed.expected == expected


def test_deadlines_are_the_unsent_applications_of_the_next_90_days(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    editor, programme = tenant_a.users["editor"], factories.shared_programme()

    def due(days: int, stage: str = "preparing") -> Application:
        return factories.application(
            tenant_a.initiative, editor, programme, deadline=TODAY + timedelta(days=days), stage=stage
        )

    soon, later, today = due(10), due(90), due(0)
    due(91), due(5, "submitted"), due(5, "awarded")
    late = due(-1)
    factories.application(tenant_b.initiative, tenant_b.users["editor"], programme, deadline=TODAY)
    viewer = tenant_a.users["viewer"]
    upcoming = selectors.deadline_list(user=viewer, organisation=tenant_a.organisation, today=TODAY)
    assert list(upcoming) == [today, soon, later]
    assert list(selectors.overdue_list(user=viewer, organisation=tenant_a.organisation, today=TODAY)) == [
        late
    ]
    assert not selectors.deadline_list(
        user=tenant_b.users["admin"], organisation=tenant_a.organisation, today=TODAY
    )
    assert selectors.stage_counts(user=viewer, organisation=tenant_a.organisation)["preparing"] == 5


# Funding sources


def test_funding_sources_are_written_by_those_who_may_edit_the_initiative(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    source = factories.source(tenant_a.initiative, editor)
    source = services.source_update(
        user=editor, source=source, data={"amount": D(90_000), "committed": False}
    )
    assert audit(source, "update").changes["committed"] == [True, False]
    with pytest.raises(PermissionDenied):
        factories.source(tenant_a.initiative, tenant_a.users["viewer"])
    pk = source.pk
    services.source_delete(user=editor, source=source)
    assert audit(source, "delete", pk).initiative_id == tenant_a.initiative.pk
