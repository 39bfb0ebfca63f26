"""Risk services: scores stored from the core, permissions, audit, numbering, conflicts and the matrix."""

from decimal import Decimal as D

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.concurrency import VersionConflict
from civicadopt.conftest import Tenant
from civicadopt.risks import services
from civicadopt.risks.models import Risk
from civicadopt.risks.selectors import matrix_for, risk_get, top_risks

from . import factories

pytestmark = pytest.mark.django_db


def test_a_new_risk_is_numbered_scored_on_the_default_matrix_and_audited(tenant_a: Tenant) -> None:
    # given: the default 5x5 matrix (cost bands 10k/30k/50k/100k, delay 5/10/20/40 days)
    editor = tenant_a.users["editor"]
    # when
    first = factories.risk(tenant_a.initiative, editor)
    second = factories.risk(
        tenant_a.initiative, editor, title="Staff resist the new system", probability=D("0.8"),
        cost_most_likely=D(120_000), residual_probability=D("0.2"), residual_cost=D(20_000),
    )  # fmt: skip
    # then: 40% (3) x max(40,000 (3), 15 days (3)) = 9, medium; EMV 0.4 x 40,000
    first.refresh_from_db()
    assert (first.key, first.inherent_score, first.inherent_rating) == ("R1", 9, "medium")
    assert (first.residual_score, first.emv, first.expected_delay) == (9, D("16000.00"), D("6.00"))
    # 80% (5) x 120,000 (5) = 25 very high; after: 20% (2) x max(20,000 (2), 15 days (3)) = 6 medium
    assert (second.key, second.inherent_score, second.inherent_rating) == ("R2", 25, "very_high")
    assert (second.residual_score, second.residual_rating) == (6, "medium")
    assert (second.inherent_emv, second.emv) == (D("96000.00"), D("4000.00"))
    entry = AuditEntry.objects.get(object_id=str(second.pk), content_type__model="risk")
    assert entry.action == "create" and entry.initiative_id == tenant_a.initiative.pk


def test_a_viewer_may_not_add_a_risk_and_a_contributor_only_to_their_own_initiative(
    tenant_a: Tenant,
) -> None:
    with pytest.raises(PermissionDenied):
        factories.risk(tenant_a.initiative, tenant_a.users["viewer"])
    factories.risk(tenant_a.initiative, tenant_a.users["contributor"])  # owns the initiative
    tenant_a.initiative.owner = tenant_a.users["editor"]
    tenant_a.initiative.save()
    with pytest.raises(PermissionDenied):
        factories.risk(tenant_a.initiative, tenant_a.users["contributor"])


def test_a_stale_edit_is_refused_and_the_first_one_kept(tenant_a: Tenant) -> None:
    # given: two people opened the same risk at version 1
    editor, manager = tenant_a.users["editor"], tenant_a.users["manager"]
    risk = factories.risk(tenant_a.initiative, editor)
    services.risk_update(user=editor, risk=risk, expected_version=1, data={"title": "First"})
    # when / then
    stale = Risk.objects.get(pk=risk.pk)
    with pytest.raises(VersionConflict) as conflict:
        services.risk_update(user=manager, risk=stale, expected_version=1, data={"title": "Second"})
    assert conflict.value.current.title == "First" and conflict.value.current.version == 2
    assert Risk.objects.get(pk=risk.pk).title == "First"


def test_an_update_rescores_and_audits_the_changes(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    risk = factories.risk(tenant_a.initiative, editor)
    services.risk_update(user=editor, risk=risk, expected_version=1, data={"residual_probability": D("0.05")})
    risk.refresh_from_db()
    assert (risk.residual_score, risk.residual_rating, risk.emv) == (3, "low", D("2000.00"))
    entry = AuditEntry.objects.filter(object_id=str(risk.pk), action="update").get()
    assert entry.changes["residual_rating"] == ["medium", "low"]
    assert entry.changes["residual_probability"] == [None, "0.05"]


def test_tasks_of_another_initiative_are_refused(tenant_a: Tenant) -> None:
    # given: a second initiative of the same organisation with a plan of its own
    from civicadopt.initiatives.models import Initiative

    other = Initiative.objects.create(
        organisation=tenant_a.organisation, title="Cloud move", problem_statement="Old servers."
    )
    ours = factories.tasks(tenant_a.initiative, 1, 2)
    theirs = factories.tasks(other, 1)
    editor = tenant_a.users["editor"]
    # when / then
    with pytest.raises(ValidationError) as error:
        factories.risk(tenant_a.initiative, editor, tasks=[ours[1], theirs[1]])
    assert "tasks" in error.value.message_dict
    risk = factories.risk(tenant_a.initiative, editor, tasks=[ours[1], ours[2]])
    assert sorted(t.row for t in risk.tasks.all()) == [1, 2]


def test_an_owner_from_another_organisation_is_refused(tenant_a: Tenant, tenant_b: Tenant) -> None:
    with pytest.raises(ValidationError) as error:
        factories.risk(tenant_a.initiative, tenant_a.users["editor"], owner=tenant_b.users["editor"])
    assert "owner" in error.value.message_dict


def test_impact_ranges_must_be_in_order(tenant_a: Tenant) -> None:
    with pytest.raises(ValidationError) as error:
        factories.risk(tenant_a.initiative, tenant_a.users["editor"], cost_low=D(50_000), cost_high=D(90_000))
    assert "cost_most_likely" in error.value.message_dict


def test_deleting_needs_the_version_shown_and_is_audited(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    risk = factories.risk(tenant_a.initiative, editor)
    with pytest.raises(VersionConflict):
        services.risk_delete(user=editor, risk=risk, expected_version=7)
    services.risk_delete(user=editor, risk=risk, expected_version=1)
    assert not Risk.objects.exists()
    assert AuditEntry.objects.filter(action="delete", content_type__model="risk").count() == 1


def test_changing_the_matrix_is_for_managers_and_rescores_every_risk(tenant_a: Tenant) -> None:
    # given: a risk rated medium (9) on the default matrix
    risk = factories.risk(tenant_a.initiative, tenant_a.users["editor"])
    data = {"size": 3, "probability_limits": ["0.3", "0.7"], "cost_limits": ["20000", "60000"],
            "schedule_limits": ["10", "40"], "rating_limits": [2, 4, 6]}  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.matrix_update(user=tenant_a.users["editor"], organisation=tenant_a.organisation,
                               expected_version=1, data=data)  # fmt: skip
    # when
    services.matrix_update(
        user=tenant_a.users["manager"], organisation=tenant_a.organisation, expected_version=1, data=data
    )
    # then: 40% (2) x max(40,000 (2), 15 days (2)) = 4 on the 3x3 matrix: medium
    risk.refresh_from_db()
    assert (risk.inherent_probability_score, risk.inherent_impact_score, risk.inherent_score) == (2, 2, 4)
    assert matrix_for(organisation=tenant_a.organisation).size == 3
    with pytest.raises(VersionConflict):  # a second edit from the same page
        services.matrix_update(user=tenant_a.users["admin"], organisation=tenant_a.organisation,
                               expected_version=1, data=data)  # fmt: skip


def test_an_inconsistent_matrix_is_refused(tenant_a: Tenant) -> None:
    with pytest.raises(ValidationError):
        services.matrix_update(
            user=tenant_a.users["admin"], organisation=tenant_a.organisation, expected_version=1,
            data={"size": 5, "probability_limits": ["0.7", "0.3", "0.5", "0.9"]},
        )  # fmt: skip


def test_top_risks_are_the_most_serious_open_ones_by_rating_then_expected_cost(tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    make = factories.risk
    low = make(tenant_a.initiative, editor, title="Low", probability=D("0.05"), schedule_most_likely=None,
               cost_most_likely=D(1000))  # fmt: skip
    big = make(tenant_a.initiative, editor, title="Big", probability=D("0.9"), cost_most_likely=D(200_000))
    same_score_cheaper = make(tenant_a.initiative, editor, title="A", probability=D("0.4"))  # 9, 16,000
    same_score_dearer = make(
        tenant_a.initiative, editor, title="B", probability=D("0.5"), cost_most_likely=D(45_000)
    )
    make(
        tenant_a.initiative,
        editor,
        title="Closed",
        probability=D("1"),
        cost_most_likely=D(10**6),
        status="closed",
    )
    assert [r.title for r in top_risks(tenant_a.initiative, n=3)] == [big.title, same_score_dearer.title,
                                                                    same_score_cheaper.title]  # fmt: skip
    assert top_risks(tenant_a.initiative)[-1] == low


def test_another_organisations_risk_is_not_found(tenant_a: Tenant, tenant_b: Tenant) -> None:
    theirs = factories.risk(tenant_b.initiative, tenant_b.users["editor"])
    with pytest.raises(Http404):
        risk_get(user=tenant_a.users["admin"], initiative=tenant_a.initiative, pk=theirs.pk)
    with pytest.raises(Http404):
        risk_get(user=tenant_a.users["admin"], initiative=tenant_b.initiative, pk=theirs.pk)
