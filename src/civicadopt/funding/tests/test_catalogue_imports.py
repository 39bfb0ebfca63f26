"""Importing the organisation's own programmes: all or nothing, every problem by row and column, shared
programmes untouchable, and a download comes back in unchanged."""

import io
from datetime import date
from decimal import Decimal as D

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.conftest import Tenant
from civicadopt.funding.exports import COLUMNS, to_csv, to_xlsx
from civicadopt.funding.imports import ProgrammeTableError, programmes_import
from civicadopt.funding.models import Programme
from civicadopt.uploads import MAX_BYTES

from . import factories

pytestmark = pytest.mark.django_db

HEADER = (
    "funder,name,kind,applicant_types,geography,categories,purposes,award_floor,award_ceiling,match_percent,"
    "opens,closes,rolling,assistance_listings,url,notes\n"
)


def run(tenant: Tenant, text: str | bytes, filename: str = "programmes.csv", role: str = "editor") -> object:
    content = text.encode() if isinstance(text, str) else text
    return programmes_import(
        user=tenant.users[role], organisation=tenant.organisation, content=content, filename=filename
    )


def problems(error: pytest.ExceptionInfo[ProgrammeTableError]) -> list[str]:
    return [str(problem) for problem in error.value.errors]


def test_a_good_file_adds_own_programmes_with_their_codes(tenant_a: Tenant) -> None:
    result = run(tenant_a, HEADER + (
        "Ohio Development,Broadband Expansion,grant,02; 2; 99,us-oh,ST;cd,Fibre,\"10,000\",$500000,25%,"
        "2026-02-01,2026-09-30,no,11.307; 97.067,https://development.ohio.gov/,Call Jo first\n"
        "Ford Foundation,Civic tech partnership,Partnership,City or township governments,,,,,,,,,yes,,,\n"
    ))  # fmt: skip
    assert (result.created, result.updated) == (2, 0)  # type: ignore[attr-defined]
    first, second = Programme.objects.order_by("name")
    assert (first.name, first.applicant_types, first.categories, first.geography) == (
        "Broadband Expansion", ["02", "99"], ["CD", "ST"], "US-OH")  # fmt: skip
    assert (first.award_floor, first.award_ceiling, first.match_percent, first.cost_sharing) == (
        D(10_000), D(500_000), D(25), True)  # fmt: skip
    assert (first.closes, first.assistance_listings, first.source) == (
        date(2026, 9, 30),
        ["11.307", "97.067"],
        "file",
    )
    assert (second.kind, second.rolling, second.applicant_types) == ("partnership", True, ["02"])
    assert {p.organisation for p in (first, second)} == {tenant_a.organisation}
    assert AuditEntry.objects.filter(action="create", content_type__model="programme").count() == 2


def test_one_bad_row_writes_nothing_and_every_problem_is_named(tenant_a: Tenant) -> None:
    text = HEADER + (
        "Good,Good programme,grant,02,,,,,,,,,,,,\n"
        "Bad,Codes,grant,02; 77,,ZZ,,,,,,,,,,\n"
        "Bad,Money,loan,,,,,500,100,150,,,maybe,,,\n"
        ",Dates,grant,,Ohio,,,,,,2026-05-01,31/02/2026,,1.2,notaurl,\n"
    )
    with pytest.raises(ProgrammeTableError) as error:
        run(tenant_a, text)
    found = problems(error)
    assert any(p.startswith("row 3, column 'applicant_types'") and "77" in p for p in found)
    assert any(p.startswith("row 3, column 'categories'") and "ZZ" in p for p in found)
    assert any(p.startswith("row 4, column 'rolling'") for p in found)
    assert any(p.startswith("row 4, column 'match_percent'") for p in found)
    assert any(p.startswith("row 4, column 'award_ceiling'") for p in found)
    assert {"row 5, column 'funder'", "row 5, column 'geography'", "row 5, column 'closes'",
            "row 5, column 'assistance_listings'", "row 5, column 'url'"} <= {p.split(":")[0] for p in found}  # fmt: skip
    assert not Programme.objects.exists() and not AuditEntry.objects.exists()


def test_the_header_is_checked_first(tenant_a: Tenant) -> None:
    with pytest.raises(ProgrammeTableError) as error:
        run(tenant_a, "funder,nmae\nA,B\n")
    assert set(problems(error)) >= {
        "row 1 (the header), column 'nmae': unknown column",
        "row 1 (the header), column 'name': this column is required",
    }


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"x" * (MAX_BYTES + 1), "big.csv", "larger than 5 MB"),
        (b"funder,name\n", "programmes.pdf", "choose a .csv or .xlsx file"),
        (b"not a workbook", "programmes.xlsx", "not a readable Excel"),
        (b"\n\n", "empty.csv", "must name the columns"),
    ],
)
def test_unreadable_files_are_refused(tenant_a: Tenant, content: bytes, filename: str, message: str) -> None:
    with pytest.raises(ProgrammeTableError, match=message):
        run(tenant_a, content, filename)


def test_only_editors_import(tenant_a: Tenant) -> None:
    with pytest.raises(PermissionDenied):
        run(tenant_a, HEADER, role="contributor")


def test_an_id_updates_our_programme_and_never_a_shared_or_anothers(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    ours = factories.own_programme(tenant_a.organisation, tenant_a.users["editor"])
    shared = factories.shared_programme()
    theirs = factories.own_programme(tenant_b.organisation, tenant_b.users["editor"])
    result = run(tenant_a, f"id,funder,name,award_ceiling\n{ours.pk},Ohio,Renamed,600000\n")
    ours.refresh_from_db()
    assert (result.updated, ours.name, ours.award_ceiling, ours.version) == (1, "Renamed", D(600_000), 2)  # type: ignore[attr-defined]
    assert ours.applicant_types == ["02"] and ours.closes == date(2026, 9, 30)  # columns not in the file stay
    with pytest.raises(ProgrammeTableError) as error:
        run(
            tenant_a,
            f"id,funder,name\n{shared.pk},X,Y\n{theirs.pk},X,Y\nR2,X,Y\n{ours.pk},X,Y\n{ours.pk},X,Z\n",
        )
    found = problems(error)
    assert found[0].startswith("row 2, column 'id'") and "shared Grants.gov programme" in found[0]
    assert found[1].startswith("row 3, column 'id'") and "there is no programme" in found[1]
    assert found[2].startswith("row 4, column 'id'") and "as a number" in found[2]
    assert found[3].startswith("row 6, column 'id'") and "appears twice" in found[3]
    assert (
        Programme.objects.get(pk=shared.pk).name == shared.name
        and Programme.objects.get(pk=ours.pk).name == "Renamed"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_of_our_programmes_comes_back_in_unchanged(tenant_a: Tenant, fmt: str) -> None:
    # given
    editor = tenant_a.users["editor"]
    factories.own_programme(tenant_a.organisation, editor, name="=HYPERLINK(\"http://x\")", rolling=True,
                            assistance_listings=["11.307"], notes="Line one\nline two")  # fmt: skip
    factories.own_programme(tenant_a.organisation, editor, name="Partnership", kind="partnership", closes=None,
                            applicant_types=[], categories=[], award_ceiling=None, match_percent=None)  # fmt: skip
    ours = Programme.objects.order_by("pk")
    before = [(p.name, p.kind, p.applicant_types, p.categories, p.award_ceiling, p.match_percent, p.closes, p.rolling,
               p.assistance_listings, p.notes, p.geography) for p in ours]  # fmt: skip
    content = to_csv(ours) if fmt == "csv" else to_xlsx(ours, title="Ours")
    # when
    result = run(tenant_a, content, f"programmes.{fmt}")
    # then
    assert (result.created, result.updated) == (0, 2)  # type: ignore[attr-defined]
    after = [(p.name, p.kind, p.applicant_types, p.categories, p.award_ceiling, p.match_percent, p.closes, p.rolling,
              p.assistance_listings, p.notes, p.geography) for p in Programme.objects.order_by("pk")]  # fmt: skip
    assert after == before
    assert [
        e.changes for e in AuditEntry.objects.filter(action="update")
    ] == []  # nothing changed, nothing to record


def test_the_download_neutralises_formulas(client: Client, tenant_a: Tenant) -> None:
    factories.own_programme(tenant_a.organisation, tenant_a.users["editor"], name='=HYPERLINK("http://x")')
    factories.shared_programme()
    client.force_login(tenant_a.users["viewer"])
    export = reverse("funding:catalogue-export", kwargs={"org": "riverton"})
    text = client.get(export, {"fmt": "csv", "scope": "own", "q": "nothing matches"}).content.decode(
        "utf-8-sig"
    )
    assert text.splitlines()[0] == ",".join(COLUMNS) + ",source,opportunity_number"
    assert len(text.splitlines()) == 2 and "'=HYPERLINK" in text
    from openpyxl import load_workbook

    response = client.get(export, {"fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert (
        sheet.max_row == 3
        and sheet["C3"].value == '\'=HYPERLINK("http://x")'
        and sheet["C3"].data_type == "s"
    )
    assert sheet["J2"].value == 2_000_000  # award_ceiling as a number
    assert client.get(export, {"fmt": "odt"}).status_code == 404


def test_the_import_page_lists_every_problem_or_imports(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.users["editor"])
    page = reverse("funding:catalogue-import", kwargs={"org": "riverton"})
    bad = client.post(
        page, {"file": SimpleUploadedFile("p.csv", b"funder,name,kind\nA,B,lottery\n,C,grant\n")}
    )
    text = bad.content.decode()
    assert (
        "2 problems found" in text
        and "row 2, column &#x27;kind&#x27;" in text
        and not Programme.objects.exists()
    )
    good = client.post(
        page, {"file": SimpleUploadedFile("p.csv", b"funder,name\nState,Grant\n")}, follow=True
    )
    assert "1 programmes added and 0 updated." in good.content.decode() and Programme.objects.count() == 1
