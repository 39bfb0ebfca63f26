import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.audit.presentation import Change, readable_changes
from civicadopt.conftest import Tenant
from civicadopt.initiatives import services

pytestmark = pytest.mark.django_db


def test_changes_read_with_field_labels_and_choice_labels(tenant_a: Tenant) -> None:
    services.initiative_update(
        user=tenant_a.users["manager"],
        initiative=tenant_a.initiative,
        expected_version=1,
        data={"stage": "business_case", "status": "at_risk"},
    )
    entry = AuditEntry.objects.latest("id")
    assert readable_changes(entry) == [
        Change(label="Stage", old="Idea", new="Business case"),
        Change(label="Status", old="On track", new="At risk"),
    ]


def test_a_change_named_after_a_relation_reads_with_its_name(tenant_a: Tenant) -> None:
    """An import records {"tasks": [...]} on a plan, and ``tasks`` is the plan's reverse relation."""
    import datetime as dt

    from civicadopt.planning import services as planning

    plan = planning.plan_create(
        user=tenant_a.users["admin"], initiative=tenant_a.initiative, data={"start": dt.date(2027, 1, 4)}
    )
    entry = AuditEntry.objects.create(
        organisation=tenant_a.organisation,
        actor=tenant_a.users["admin"],
        actor_name="admin",
        action="update",
        content_type_id=AuditEntry.objects.filter(object_id=str(plan.pk)).latest("id").content_type_id,
        object_id=str(plan.pk),
        object_repr=str(plan),
        changes={"tasks": ["0 tasks", "12 tasks imported from plan.xml"]},
    )
    assert readable_changes(entry) == [
        Change(label="Tasks", old="0 tasks", new="12 tasks imported from plan.xml")
    ]
