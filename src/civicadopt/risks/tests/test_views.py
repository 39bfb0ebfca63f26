"""Risk pages: the register with its filters and heat maps, forms with conflicts, deletion, the matrix,
downloads, and what another organisation or hostile text cannot do."""

import io
from datetime import timedelta
from decimal import Decimal as D

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from civicadopt.conftest import Tenant
from civicadopt.risks.models import Risk

from . import factories

pytestmark = pytest.mark.django_db


def url(name: str, tenant: Tenant, **kwargs: object) -> str:
    return reverse(
        f"risks:{name}", kwargs={"org": tenant.organisation.slug, "pk": tenant.initiative.pk, **kwargs}
    )


@pytest.fixture
def editor(client: Client, tenant_a: Tenant) -> Client:
    client.force_login(tenant_a.users["editor"])
    return client


@pytest.fixture
def register(tenant_a: Tenant) -> dict[str, Risk]:
    editor, today = tenant_a.users["editor"], timezone.localdate()
    return {
        "migration": factories.risk(
            tenant_a.initiative,
            editor,
            review_date=today - timedelta(days=3),
            owner=tenant_a.users["manager"],
        ),
        "vendor": factories.risk(
            tenant_a.initiative,
            editor,
            title="Vendor delivers late",
            category="procurement",
            probability=D("0.8"),
            cost_most_likely=D(120_000),
            residual_probability=D("0.2"),
            review_date=today + timedelta(days=10),
            owner_name="Vendor project manager",
        ),
        "closed": factories.risk(
            tenant_a.initiative,
            editor,
            title="Server room flood",
            status="closed",
            probability=D("0.05"),
            review_date=today - timedelta(days=30),
        ),
    }


def test_the_register_shows_scores_ratings_expected_cost_and_overdue_reviews(
    editor: Client, tenant_a: Tenant, register: dict[str, Risk]
) -> None:
    page = editor.get(url("register", tenant_a)).content.decode()
    rows = {risk.key: risk for risk in editor.get(url("register", tenant_a)).context["risks"]}
    assert list(rows) == ["R1", "R2", "R3"]
    assert rows["R1"].is_overdue and not rows["R2"].is_overdue and not rows["R3"].is_overdue  # closed
    assert page.count(">Overdue</span>") == 1
    assert 'Very high</span> <span class="text-tabular">25' in page  # R2 before its response
    assert "16,000" in page and "Vendor project manager" in page
    assert page.count("<figure") == 2 and "The same data as a table" in page and 'role="img"' in page


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ({"status": "open"}, ["R1", "R2"]),
        ({"category": "procurement"}, ["R2"]),
        ({"rating": "medium"}, ["R1"]),
        ({"rating": "high"}, ["R2"]),  # after its response: 20% (2) x 120,000 (5)
        ({"rating": "very_high"}, []),
        ({"overdue": "on"}, ["R1"]),
        ({"order": "-inherent"}, ["R2", "R1", "R3"]),
        ({"order": "review"}, ["R3", "R1", "R2"]),
        ({"status": "nonsense"}, ["R1", "R2", "R3"]),  # unknown values are ignored, never an error
    ],
)
def test_filters_and_sorting_work_as_a_plain_get_form(
    editor: Client, tenant_a: Tenant, register: dict[str, Risk], query: dict[str, str], keys: list[str]
) -> None:
    response = editor.get(url("register", tenant_a), query)
    assert [risk.key for risk in response.context["risks"]] == keys


def test_filtering_by_owner_and_with_htmx_answers_only_the_results(
    editor: Client, tenant_a: Tenant, register: dict[str, Risk]
) -> None:
    manager = tenant_a.users["manager"]
    by_user = editor.get(url("register", tenant_a), {"owner": f"user-{manager.pk}"})
    by_name = editor.get(url("register", tenant_a), {"owner": "name-Vendor project manager"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert [r.key for r in by_user.context["risks"]] == ["R1"]
    assert [r.key for r in by_name.context["risks"]] == ["R2"]
    assert "<html" not in by_name.content.decode() and "HX-Request" in by_name["Vary"]


def test_adding_a_risk_takes_the_probability_in_percent(editor: Client, tenant_a: Tenant) -> None:
    response = editor.post(url("create", tenant_a), {
        "title": "GIS integration breaks", "category": "technology", "probability": "35",
        "cost_most_likely": "25000", "schedule_most_likely": "12", "response": "reduce", "status": "open",
    })  # fmt: skip
    risk = Risk.objects.get()
    assert response.status_code == 302 and risk.probability == D("0.35")
    assert (risk.inherent_score, risk.inherent_rating) == (9, "medium")  # 3 x max(2, 3)
    form = editor.get(url("update", tenant_a, risk_pk=risk.pk)).context["form"]
    assert 'value="35"' in str(form["probability"])


def test_bad_input_gets_field_errors(editor: Client, tenant_a: Tenant) -> None:
    response = editor.post(url("create", tenant_a), {
        "title": "", "category": "technology", "probability": "140", "cost_low": "9", "response": "reduce",
        "status": "open",
    })  # fmt: skip
    assert set(response.context["form"].errors) >= {"title", "probability", "cost_most_likely"}
    assert not Risk.objects.exists()


def test_a_stale_edit_keeps_what_was_typed_and_shows_the_saved_version(
    editor: Client, tenant_a: Tenant, register: dict[str, Risk]
) -> None:
    # given: someone saved the risk after this editor opened it (at version 1)
    risk = register["vendor"]
    data = {"title": "Mine", "category": "procurement", "probability": "80", "response": "reduce",
            "status": "open", "version": 1}  # fmt: skip
    assert (
        editor.post(url("update", tenant_a, risk_pk=risk.pk), {**data, "title": "Theirs"}).status_code == 302
    )
    # when
    response = editor.post(url("update", tenant_a, risk_pk=risk.pk), data)
    # then
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this risk" in page
    assert 'value="Mine"' in page and "Theirs" in page and 'name="version" value="2"' in page
    assert Risk.objects.get(pk=risk.pk).title == "Theirs"


def test_deleting_asks_first_then_removes(
    editor: Client, tenant_a: Tenant, register: dict[str, Risk]
) -> None:
    risk = register["closed"]
    confirm = editor.get(url("delete", tenant_a, risk_pk=risk.pk)).content.decode()
    assert "Delete R3" in confirm and 'name="version" value="1"' in confirm
    response = editor.post(url("delete", tenant_a, risk_pk=risk.pk), {"version": 1})
    assert response.status_code == 302 and not Risk.objects.filter(pk=risk.pk).exists()


def test_hostile_text_is_escaped(editor: Client, tenant_a: Tenant) -> None:
    risk = factories.risk(tenant_a.initiative, tenant_a.users["editor"], title="<script>alert(1)</script>",
                          event='"><img src=x onerror=alert(2)>')  # fmt: skip
    for page in (editor.get(url("register", tenant_a)), editor.get(url("detail", tenant_a, risk_pk=risk.pk))):
        text = page.content.decode()
        assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "<img src=x" not in text


def test_another_organisations_risk_is_404_in_your_own_address(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    theirs = factories.risk(tenant_b.initiative, tenant_b.users["editor"])
    client.force_login(tenant_a.users["admin"])
    mine_with_their_risk = reverse("risks:detail", kwargs={
        "org": "riverton", "pk": tenant_a.initiative.pk, "risk_pk": theirs.pk})  # fmt: skip
    their_initiative = reverse("risks:register", kwargs={"org": "riverton", "pk": tenant_b.initiative.pk})
    assert client.get(mine_with_their_risk).status_code == 404
    assert client.get(their_initiative).status_code == 404
    assert client.get(url("register", tenant_b)).status_code == 404


def test_a_manager_changes_the_matrix_and_every_risk_is_rescored(
    client: Client, tenant_a: Tenant, register: dict[str, Risk]
) -> None:
    client.force_login(tenant_a.users["manager"])
    page = client.get(url("matrix", tenant_a))
    assert 'value="10, 30, 50, 70"' in page.content.decode()
    response = client.post(url("matrix", tenant_a), {
        "size": 3, "use_defaults": "on", "budget": "400000", "version": 1,
    })  # fmt: skip
    assert response.status_code == 302
    risk = Risk.objects.get(pk=register["migration"].pk)
    # 40% (2) x max(40,000 > 12,000 and ≤ 40,000 (2), 15 days (2)) = 4: medium on the 3x3 matrix
    assert (risk.inherent_score, risk.inherent_rating) == (4, "medium")
    bad = client.post(url("matrix", tenant_a), {"size": 5, "probability_limits": "10, 30", "cost_limits": "1, 2, 3, 4",
                                                "schedule_limits": "5, 10, 20, 40", "rating_limits": "4, 9, 15",
                                                "version": 2})  # fmt: skip
    assert "probability_limits" in bad.context["form"].errors


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_register_downloads_with_formulas_neutralised(editor: Client, tenant_a: Tenant, fmt: str) -> None:
    factories.risk(tenant_a.initiative, tenant_a.users["editor"], title='=HYPERLINK("http://x")')
    response = editor.get(url("export", tenant_a), {"fmt": fmt})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("number,title,category")
        assert "'=HYPERLINK" in text
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["B2"].value == '\'=HYPERLINK("http://x")' and sheet["B2"].data_type == "s"
        assert sheet["H2"].value == 40  # probability_pct as a number
    assert editor.get(url("export", tenant_a), {"fmt": "odt"}).status_code == 404
