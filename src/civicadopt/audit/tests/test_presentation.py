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
