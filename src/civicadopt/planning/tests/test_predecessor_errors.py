"""Every bad predecessor of a task is reported at once, not only the first (or the last) one."""

from django.core.exceptions import ValidationError

import pytest

from civicadopt.conftest import Tenant
from civicadopt.planning.models import Dependency

from .factories import add, empty_plan, outline


def test_every_missing_and_unreadable_predecessor_is_listed(tenant_a: Tenant) -> None:
    # given
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    # when: two items are not notation at all
    with pytest.raises(ValidationError) as unreadable:
        add(plan, "Build", 10, predecessors="1FS+; 1; 2FS+2w")
    # then
    messages = unreadable.value.message_dict["predecessors"]
    assert len(messages) == 2
    assert "'1FS+' is not a predecessor" in messages[0]
    assert "'2FS+2w' is not a predecessor" in messages[1]
    # when: the notation reads, but three rows do not exist
    with pytest.raises(ValidationError) as missing:
        add(plan, "Build", 10, predecessors="9; 1; 12SS; 40")
    # then
    assert missing.value.message_dict["predecessors"] == [
        "There is no task 9 in this plan.",
        "There is no task 12 in this plan.",
        "There is no task 40 in this plan.",
    ]
    assert outline(plan) == [(1, 1, "Design")]
    assert not Dependency.objects.exists()
