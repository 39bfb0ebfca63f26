from django.http import Http404

import pytest

from civicadopt.conftest import Tenant
from civicadopt.initiatives import selectors
from civicadopt.initiatives.models import Initiative, Stage

pytestmark = pytest.mark.django_db


def test_nobody_reads_another_organisations_initiatives(tenant_a: Tenant, tenant_b: Tenant) -> None:
    outsider = tenant_b.users["admin"]
    assert list(selectors.initiative_list(user=outsider, organisation=tenant_a.organisation)) == []
    with pytest.raises(Http404):
        selectors.initiative_get(user=outsider, pk=tenant_a.initiative.pk)
    assert list(selectors.initiative_api_list(user=outsider)) == [tenant_b.initiative]


def test_search_filters_and_stage_order(tenant_a: Tenant) -> None:
    # given
    organisation = tenant_a.organisation
    Initiative.objects.create(
        organisation=organisation, title="Adopted 311", problem_statement="calls", stage=Stage.ADOPTED
    )
    Initiative.objects.create(
        organisation=organisation,
        title="Funded cloud",
        problem_statement="servers",
        stage=Stage.FUNDED,
        status="at_risk",
    )
    viewer = tenant_a.users["viewer"]

    def titles(**filters: object) -> list[str]:
        chosen = selectors.InitiativeFilters(**filters)  # type: ignore[arg-type]
        return [
            i.title for i in selectors.initiative_list(user=viewer, organisation=organisation, filters=chosen)
        ]

    # then
    assert titles(order="stage") == ["Riverton e-permitting", "Funded cloud", "Adopted 311"]
    assert titles(order="-stage") == ["Adopted 311", "Funded cloud", "Riverton e-permitting"]
    assert titles(q="SERVERS") == ["Funded cloud"]
    assert titles(status="at_risk") == ["Funded cloud"]
    assert titles(stage=Stage.ADOPTED) == ["Adopted 311"]
    assert titles(order="no-such-order") == ["Adopted 311", "Funded cloud", "Riverton e-permitting"]
    counts = selectors.stage_counts(user=viewer, organisation=organisation)
    assert counts[Stage.IDEA] == 1 and counts[Stage.PLANNED] == 0 and sum(counts.values()) == 3
