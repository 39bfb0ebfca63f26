"""Importing the Grants.gov extract into the shared catalogue: field by field, idempotent, newer versions
replacing older ones, and nothing written when the file itself is faulty."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection

import pytest

from civicadopt.conftest import Tenant
from civicadopt.funding.grants_import import (
    OLDER,
    SUPERSEDED,
    ImportSummary,
    _programme_values,
    import_grants,
)
from civicadopt.funding.grantsgov import (
    ExtractError,
    Opportunity,
    RecordProblem,
    iter_opportunities,
    open_extract,
)
from civicadopt.funding.models import Application, Programme

from .fixtures.extracts import BAD_DOCUMENTS, FIXTURE, FIXTURE_IDS, document, synopsis, zipped

pytestmark = pytest.mark.django_db


def load(content: bytes | Path, **options: Any) -> ImportSummary:
    if isinstance(content, Path):
        with open_extract(content) as stream:
            return import_grants(stream, **options)
    return import_grants(io.BytesIO(content), **options)


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Programme.objects.order_by("pk").values_list("pk", "opportunity_id", "source_version", "name")
    )


def test_the_fixture_imports_into_the_shared_catalogue_with_a_summary() -> None:
    # when
    summary = load(FIXTURE)
    # then
    assert (summary.created, summary.updated, summary.unchanged, summary.skipped) == (3, 0, 0, 1)
    assert summary.skipped_reasons == {"forecast": 1}
    assert summary.problems == [
        RecordProblem("359870", "CloseDate", "“02302026” is not a real date (month 2, day 30, year 2026)", 84)
    ]
    assert summary.records == 5
    assert sorted(Programme.objects.values_list("opportunity_id", flat=True)) == sorted(FIXTURE_IDS)
    assert set(Programme.objects.values_list("organisation", "source", "geography", "kind")) == {
        (None, "grants.gov", "US", "grant")
    }


def test_a_full_record_maps_field_by_field() -> None:
    load(FIXTURE)
    smart = Programme.objects.get(opportunity_id="358302")
    assert {
        "opportunity_number": smart.opportunity_number,
        "source_version": smart.source_version,
        "funder": smart.funder,
        "agency_code": smart.agency_code,
        "name": smart.name,
        "instruments": smart.instruments,
        "applicant_types": smart.applicant_types,
        "categories": smart.categories,
        "assistance_listings": smart.assistance_listings,
        "award_floor": smart.award_floor,
        "award_ceiling": smart.award_ceiling,
        "total_funding": smart.total_funding,
        "cost_sharing": smart.cost_sharing,
        "opens": smart.opens,
        "closes": smart.closes,
        "posted": smart.posted,
        "rolling": smart.rolling,
        "url": smart.url,
        "version": smart.version,
    } == {
        "opportunity_number": "693JJ326NF00001",
        "source_version": "Synopsis 3",
        "funder": "69A345 Office of the Under Secretary for Policy",
        "agency_code": "DOT-OST",
        "name": "Strengthening Mobility and Revolutionizing Transportation (SMART) Grants Program",
        "instruments": ["G", "CA"],
        "applicant_types": ["00", "01", "02", "04", "07", "25"],
        "categories": ["T", "ST", "IIJ"],
        "assistance_listings": ["20.941", "20.205"],
        "award_floor": Decimal("2000000.00"),
        "award_ceiling": Decimal("15000000.00"),
        "total_funding": Decimal("100000000.00"),
        "cost_sharing": True,
        "opens": date(2026, 1, 15),
        "closes": date(2026, 4, 17),
        "posted": date(2026, 1, 15),
        "rolling": False,
        "url": "https://www.transportation.gov/grants/SMART",
        "version": 1,
    }
    assert smart.description.startswith("<p>The SMART program funds public sector agencies")
    assert smart.eligibility_notes.startswith("Eligible applicants are States, political subdivisions")


def stored(pk: int) -> dict[str, Any]:
    """Return the row as the database holds it, column by column, without the ORM's conversions."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Programme._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    return {name: value for name, value in row.items() if name not in ("id", "created_at", "updated_at")}


@pytest.mark.parametrize("through", ["insert", "update"])
def test_the_rows_written_hold_exactly_what_the_orm_would_write(through: str) -> None:
    # given the SMART opportunity, also saved through the ORM (the version an edit would leave)
    with open_extract(FIXTURE) as stream:
        smart = next(item for item in iter_opportunities(stream) if isinstance(item, Opportunity))
    if through == "update":
        load(document(synopsis("358302", "Synopsis 1", OpportunityTitle="Old")))
    values = {**_programme_values(smart), "opportunity_id": "999999"}
    orm = Programme.objects.create(organisation=None, source="grants.gov", **values)
    Programme.objects.filter(pk=orm.pk).update(version=2 if through == "update" else 1)
    # when
    load(FIXTURE)
    # then
    imported = Programme.objects.get(opportunity_id="358302")
    assert stored(imported.pk) == {**stored(orm.pk), "opportunity_id": "358302"}


def test_missing_optional_fields_leave_the_programme_fields_empty() -> None:
    load(FIXTURE)
    library = Programme.objects.get(opportunity_id="361045")
    assert (library.closes, library.rolling, library.cost_sharing, library.url) == (None, True, False, "")
    assert (library.award_floor, library.award_ceiling, library.total_funding) == (None, None, None)
    assert (library.assistance_listings, library.eligibility_notes) == ([], "")


def test_importing_the_same_file_again_changes_nothing() -> None:
    # given
    load(FIXTURE)
    before = list(Programme.objects.order_by("pk").values())
    # when
    summary = load(FIXTURE)
    # then
    assert (summary.created, summary.updated, summary.unchanged, summary.skipped) == (0, 0, 3, 1)
    assert len(summary.problems) == 1
    assert list(Programme.objects.order_by("pk").values()) == before


def test_a_newer_version_replaces_the_row_in_place(tenant_a: Tenant) -> None:
    # given an imported programme that an initiative has applied to
    load(FIXTURE)
    smart = Programme.objects.get(opportunity_id="358302")
    application = Application.objects.create(
        initiative=tenant_a.initiative, programme=smart, requested=Decimal(2_000_000), fiscal_year=2027
    )
    others = snapshot()[1:]
    # when the next extract has its Synopsis 4
    summary = load(
        document(
            synopsis(
                "358302",
                "Synopsis 4",
                OpportunityTitle="SMART Grants Program, Stage 2",
                CloseDate="05292026",
                AwardCeiling="none",
                EligibleApplicants=["02", "04"],
            )
        )
    )
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    smart.refresh_from_db()
    assert (smart.name, smart.source_version, smart.closes) == (
        "SMART Grants Program, Stage 2", "Synopsis 4", date(2026, 5, 29)
    )  # fmt: skip
    assert (smart.award_ceiling, smart.applicant_types, smart.version) == (None, ["02", "04"], 2)
    assert smart.updated_at > smart.created_at
    assert Application.objects.get(pk=application.pk).programme_id == smart.pk
    assert snapshot()[1:] == others


@pytest.mark.parametrize(
    ("held", "incoming", "outcome"),
    [
        ("Synopsis 3", "Synopsis 2", "skipped"),
        ("Synopsis 9", "Synopsis 10", "updated"),
        ("Synopsis 3", "Synopsis 3", "unchanged"),
        ("", "Synopsis 1", "updated"),
        ("Synopsis 1", "", "skipped"),
    ],
)
def test_versions_compare_by_their_number(held: str, incoming: str, outcome: str) -> None:
    load(document(synopsis("400001", held, OpportunityTitle="Held")))
    summary = load(document(synopsis("400001", incoming, OpportunityTitle="Incoming")))
    counts = {"updated": summary.updated, "unchanged": summary.unchanged, "skipped": summary.skipped}
    assert counts == {name: int(name == outcome) for name in counts}
    if outcome == "skipped":
        assert summary.skipped_reasons == {OLDER: 1}
    expected = "Incoming" if outcome == "updated" else "Held"
    assert Programme.objects.get(opportunity_id="400001").name == expected


@pytest.mark.parametrize(
    ("batch_size", "created", "updated", "reasons"), [(1000, 1, 0, {SUPERSEDED: 1}), (1, 1, 1, {})]
)
def test_an_opportunity_twice_in_one_file_keeps_its_newer_version(
    batch_size: int, created: int, updated: int, reasons: dict[str, int]
) -> None:
    summary = load(
        document(
            synopsis("400001", "Synopsis 1", OpportunityTitle="First"),
            synopsis("400001", "Synopsis 2", OpportunityTitle="Second"),
            synopsis("400001", "Synopsis 1", OpportunityTitle="First again"),
        ),
        batch_size=batch_size,
    )
    assert (summary.created, summary.updated) == (created, updated)
    assert summary.skipped_reasons == {**reasons, OLDER: 1}
    assert list(Programme.objects.values_list("opportunity_id", "name")) == [("400001", "Second")]


def test_records_that_cannot_be_stored_are_reported_and_the_rest_imported() -> None:
    summary = load(
        document(
            synopsis("400001", AgencyCode="X" * 41),
            synopsis("400002", AgencyName="", AgencyCode=""),
            synopsis("400003", AgencyName="", AgencyCode="HUD"),
        )
    )
    assert [(p.opportunity_id, p.field, p.message) for p in summary.problems] == [
        ("400001", "AgencyCode", "is 41 characters long; at most 40 can be stored"),
        ("400002", "AgencyName", "is missing (and so is AgencyCode)"),
    ]
    assert list(Programme.objects.values_list("opportunity_id", "funder")) == [("400003", "HUD")]


def test_an_organisations_own_programme_with_the_same_id_is_left_alone(tenant_a: Tenant) -> None:
    own = Programme.objects.create(
        organisation=tenant_a.organisation,
        source="grants.gov",
        opportunity_id="400001",
        funder="HUD",
        name="Ours",
    )
    summary = load(document(synopsis("400001", "Synopsis 2")))
    assert [(p.opportunity_id, p.field) for p in summary.problems] == [("400001", "OpportunityID")]
    assert Programme.objects.get().pk == own.pk
    assert Programme.objects.get().name == "Ours"


@pytest.mark.parametrize(("content", "message"), BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_a_faulty_document_writes_nothing(content: bytes, message: str) -> None:
    # given a catalogue already holding the fixture
    load(FIXTURE)
    before = list(Programme.objects.order_by("pk").values())
    # when
    with pytest.raises(ExtractError) as raised:
        load(content)
    # then
    assert message in str(raised.value)
    assert "Nothing was imported" in str(raised.value)
    assert list(Programme.objects.order_by("pk").values()) == before


def test_a_file_cut_short_rolls_back_the_batches_already_written() -> None:
    # given the fixture held, and an extract with a newer version of one of its programmes and 30 new ones,
    # whose closing </Grants> is missing
    load(FIXTURE)
    before = list(Programme.objects.order_by("pk").values())
    records = [synopsis("358302", "Synopsis 9")] + [synopsis(str(400_000 + n)) for n in range(30)]
    content = document(*records).removesuffix(b"</Grants>\n")
    # when, with batches of 5 written before the end is reached
    with pytest.raises(ExtractError, match="the 31 records read before this point were rolled back"):
        load(content, batch_size=5)
    # then
    assert list(Programme.objects.order_by("pk").values()) == before


def test_progress_reports_bytes_read_up_to_the_whole_file(tmp_path: Path) -> None:
    # given the fixture zipped, as Grants.gov publishes it
    xml = FIXTURE.read_bytes()
    path = tmp_path / "GrantsDBExtract20260302v2.zip"
    path.write_bytes(zipped({"GrantsDBExtract20260302v2.xml": xml}))
    calls: list[tuple[int, int]] = []
    # when
    summary = load(path, progress=lambda done, total: calls.append((done, total)))
    # then
    assert summary.created == 3
    assert len(calls) == 5
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1] == (len(xml), len(xml))


def test_the_size_of_a_plain_stream_is_known_for_progress() -> None:
    calls: list[tuple[int, int]] = []
    content = document(synopsis())
    load(content, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(len(content), len(content))]
