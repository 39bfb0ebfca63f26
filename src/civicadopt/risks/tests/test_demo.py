"""The demo registers load through the services, link tasks that exist and load only once."""

from datetime import date

import pytest

from civicadopt.conftest import Tenant
from civicadopt.initiatives.models import Initiative
from civicadopt.planning.models import Task
from civicadopt.risks import demo
from civicadopt.risks.models import Risk

from . import factories

pytestmark = pytest.mark.django_db


def test_the_demo_registers_load_once_with_the_tasks_the_plan_has(tenant_a: Tenant) -> None:
    # given: the two demo initiatives; only the e-permitting one has a plan (rows 1-6)
    permits = Initiative.objects.create(organisation=tenant_a.organisation, problem_statement="Paper.",
                                        title="Replace the 1990s permitting system with e-permitting")  # fmt: skip
    cloud = Initiative.objects.create(organisation=tenant_a.organisation, problem_statement="Old servers.",
                                      title="Move on-premises servers to the cloud")  # fmt: skip
    factories.tasks(permits, *range(1, 7))
    editor = tenant_a.users["editor"]
    editor.username = "editor"  # the demo's user names
    editor.save()
    calls: list[int] = []

    def tasks_by_row(initiative: Initiative) -> dict[int, Task]:
        calls.append(initiative.pk)
        return {task.row: task for task in Task.objects.filter(plan__initiative=initiative)}

    titles = {i.title: i for i in (permits, cloud)}
    # when
    demo.load(tenant_a.organisation, titles, tasks_by_row)
    demo.load(tenant_a.organisation, titles, tasks_by_row)
    # then
    assert 8 <= permits.risks.count() <= 12 and 8 <= cloud.risks.count() <= 12
    migration = permits.risks.get(title="Legacy permit data fails to migrate cleanly")
    assert [t.row for t in migration.tasks.all()] == [6]  # row 7 does not exist: skipped
    assert migration.owner == editor and migration.review_date < date.today()
    assert (
        permits.risks.get(title="Vendor misses the configuration milestone").owner_name
        == "Vendor project manager"
    )
    assert (
        Risk.objects.filter(initiative__in=[permits, cloud]).values("title").distinct().count()
        == Risk.objects.count()
    )
    assert (
        sorted(set(calls)) == sorted({permits.pk, cloud.pk}) and len(calls) == 2
    )  # once per initiative per load
