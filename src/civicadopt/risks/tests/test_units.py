"""Risk probabilities in percent with bounds in percent, and a risk entered twice flagged, not silent."""

from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.conftest import Tenant
from civicadopt.risks.models import Risk

from . import factories

pytestmark = pytest.mark.django_db

FORM = {"category": "technology", "cost_most_likely": "25000", "schedule_most_likely": "12",
        "response": "reduce", "status": "open"}  # fmt: skip


def create_url(tenant: Tenant) -> str:
    return reverse("risks:create", kwargs={"org": tenant.organisation.slug, "pk": tenant.initiative.pk})


def test_a_probability_over_100_percent_is_refused_in_percent_terms(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.users["editor"])
    response = client.post(create_url(tenant_a), {**FORM, "title": "GIS breaks", "probability": "140%"})
    assert response.context["form"].errors["probability"] == ["Enter a probability between 0% and 100%."]
    assert not Risk.objects.exists()


def test_a_risk_titled_like_another_is_saved_and_flagged(client: Client, tenant_a: Tenant) -> None:
    factories.risk(tenant_a.initiative, tenant_a.users["editor"], title="Legacy data fails to migrate")
    client.force_login(tenant_a.users["editor"])
    data = {**FORM, "title": "legacy  data fails to migrate", "probability": "40%"}
    page = client.post(create_url(tenant_a), data, follow=True).content.decode()
    assert Risk.objects.count() == 2
    assert "Risk R1 already has the title “legacy data fails to migrate”" in page
