"""Reading the Grants.gov extract without a database: the fixture field by field, every field's rules,
faulty and hostile documents, and the archive checks of ``open_extract``."""

import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt.funding.grantsgov import (
    ExtractError,
    Opportunity,
    RecordProblem,
    SkippedRecord,
    archive,
    iter_opportunities,
    open_extract,
    parser,
    version_number,
)

from .fixtures.extracts import BAD_DOCUMENTS, FIXTURE, NAMESPACE, document, synopsis, zipped


def read(content: bytes) -> list[object]:
    return list(iter_opportunities(io.BytesIO(content)))


def only(content: bytes) -> object:
    (record,) = read(content)
    return record


def problems_of(**fields: str | list[str]) -> list[tuple[str, str]]:
    records = read(document(synopsis(**fields)))
    assert all(isinstance(record, RecordProblem) for record in records)
    return [(problem.field, problem.message) for problem in records]  # type: ignore[attr-defined]


# --- The fixture: the real schema, field by field ---------------------------------------------------


def test_the_fixture_reads_in_file_order_with_the_forecast_skipped_and_the_bad_date_reported() -> None:
    with open_extract(FIXTURE) as stream:
        records = list(iter_opportunities(stream))
    assert [type(record).__name__ for record in records] == [
        "Opportunity", "Opportunity", "SkippedRecord", "RecordProblem", "Opportunity"
    ]  # fmt: skip
    assert records[2] == SkippedRecord("362210", "forecast", line=61)
    assert records[3] == RecordProblem(
        "359870", "CloseDate", "“02302026” is not a real date (month 2, day 30, year 2026)", line=84
    )


def test_a_full_record_with_repeated_elements_reads_field_by_field() -> None:
    with open_extract(FIXTURE) as stream:
        smart = next(iter_opportunities(stream))
    assert smart == Opportunity(
        opportunity_id="358302",
        number="693JJ326NF00001",
        title="Strengthening Mobility and Revolutionizing Transportation (SMART) Grants Program",
        agency_code="DOT-OST",
        agency_name="69A345 Office of the Under Secretary for Policy",
        category="D",
        category_explanation="",
        instruments=("G", "CA"),
        funding_categories=("T", "ST", "IIJ"),
        assistance_listings=("20.941", "20.205"),
        applicant_types=("00", "01", "02", "04", "07", "25"),
        eligibility_notes=(
            "Eligible applicants are States, political subdivisions of a State, Tribal governments, public "
            "transit agencies or authorities, public toll authorities, metropolitan planning organizations, "
            "and groups of two or more of these applying together."
        ),
        posted=date(2026, 1, 15),
        closes=date(2026, 4, 17),
        close_date_explanation="",
        last_updated=date(2026, 2, 3),
        archive_date=date(2026, 5, 17),
        award_ceiling=Decimal("15000000"),
        award_floor=Decimal("2000000"),
        total_funding=Decimal("100000000"),
        expected_awards=30,
        cost_sharing=True,
        # HTML arrives escaped once in the XML (it is text, shown as text); &amp;amp; stays &amp;.
        description=(
            "<p>The SMART program funds public sector agencies to conduct demonstration projects focused on "
            "advanced smart community technologies &amp; systems that improve transportation efficiency and "
            "safety.</p> Stage 1 grants fund planning and prototyping; Stage 2 grants fund implementation & "
            "scaling."
        ),
        version="Synopsis 3",
        url="https://www.transportation.gov/grants/SMART",
        line=6,
    )


def test_missing_optional_fields_read_as_empty() -> None:
    with open_extract(FIXTURE) as stream:
        library = list(iter_opportunities(stream))[1]
    assert isinstance(library, Opportunity)
    assert (library.closes, library.archive_date, library.expected_awards, library.cost_sharing) == (
        None,
    ) * 4
    assert (library.award_ceiling, library.award_floor, library.total_funding) == (None, None, None)
    assert (library.assistance_listings, library.url, library.eligibility_notes) == ((), "", "")
    assert library.applicant_types == ("02",)


def test_amounts_of_zero_are_not_stated_and_a_text_link_is_used_when_there_is_no_url() -> None:
    with open_extract(FIXTURE) as stream:
        noaa = list(iter_opportunities(stream))[4]
    assert isinstance(noaa, Opportunity)
    assert (noaa.award_ceiling, noaa.award_floor, noaa.total_funding) == (None, None, Decimal("750000"))
    assert noaa.url == "https://coast.noaa.gov/funding/"
    assert (noaa.instruments, noaa.cost_sharing, noaa.category_explanation) == (
        ("PC",), False, "Procurement of data services"
    )  # fmt: skip


# --- Each field's rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03152026", date(2026, 3, 15)),
        (" 12312025 ", date(2025, 12, 31)),
        ("02292028", date(2028, 2, 29)),
        ("02292027", "“02292027” is not a real date (month 2, day 29, year 2027)"),
        ("13012026", "“13012026” is not a real date (month 13, day 1, year 2026)"),
        ("2026-03-15", "“2026-03-15” is not a date written MMDDYYYY (such as 03152026)"),
        ("3152026", "“3152026” is not a date written MMDDYYYY (such as 03152026)"),
    ],
)
def test_dates_are_mmddyyyy(text: str, expected: date | str) -> None:
    record = only(document(synopsis(CloseDate=text)))
    if isinstance(expected, date):
        assert isinstance(record, Opportunity) and record.closes == expected
    else:
        assert record == RecordProblem("400001", "CloseDate", expected, line=3)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_any_date_written_mmddyyyy_reads_back(day: date) -> None:
    record = only(document(synopsis(PostDate=day.strftime("%m%d") + f"{day.year:04d}")))
    assert isinstance(record, Opportunity) and record.posted == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250000", Decimal("250000")),
        ("1500.50", Decimal("1500.50")),
        ("none", None),
        ("None", None),
        ("0", None),
        ("", None),
        ("99999999999999", Decimal("99999999999999")),
        ("100000000000000", "“100000000000000” is larger than any programme's funding"),
        ("-5000", "“-5000” is not an amount in dollars (digits only, such as 250000)"),
        ("1,000", "“1,000” is not an amount in dollars (digits only, such as 250000)"),
        ("1e6", "“1e6” is not an amount in dollars (digits only, such as 250000)"),
        ("$500", "“$500” is not an amount in dollars (digits only, such as 250000)"),
    ],
)
def test_amounts_are_whole_dollars(text: str, expected: Decimal | str | None) -> None:
    record = only(document(synopsis(AwardCeiling=text)))
    if isinstance(expected, str):
        assert record == RecordProblem("400001", "AwardCeiling", expected, line=3)
    else:
        assert isinstance(record, Opportunity) and record.award_ceiling == expected


@pytest.mark.parametrize(("text", "expected"), [("Yes", True), ("No", False), ("no", False), ("", None)])
def test_cost_sharing_is_yes_or_no(text: str, expected: bool | None) -> None:
    record = only(document(synopsis(CostSharingOrMatchingRequirement=text)))
    assert isinstance(record, Opportunity) and record.cost_sharing is expected


def test_cost_sharing_other_than_yes_or_no_is_a_problem() -> None:
    assert problems_of(CostSharingOrMatchingRequirement="Maybe") == [
        ("CostSharingOrMatchingRequirement", "“Maybe” is neither Yes nor No")
    ]


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        ({"AdditionalInformationURL": "https://www.epa.gov/grants"}, "https://www.epa.gov/grants"),
        ({"AdditionalInformationURL": " http://www.grants.gov/ "}, "http://www.grants.gov/"),
        ({"AdditionalInformationURL": "javascript:alert(1)"}, ""),
        ({"AdditionalInformationURL": "ftp://files.example.gov/nofo.pdf"}, ""),
        ({"AdditionalInformationURL": "https://www.epa.gov/a grant"}, ""),
        ({"AdditionalInformationURL": "https://"}, ""),
        ({"AdditionalInformationText": "See the NOFO"}, ""),
        ({"AdditionalInformationURL": "www.epa.gov", "AdditionalInformationText": "https://epa.gov/x"},
         "https://epa.gov/x"),
    ],
)  # fmt: skip
def test_the_link_is_an_http_address_or_nothing(fields: dict[str, str], url: str) -> None:
    record = only(document(synopsis(**fields)))
    assert isinstance(record, Opportunity) and record.url == url


def test_repeated_codes_keep_file_order_without_duplicates_or_blanks() -> None:
    record = only(document(synopsis(EligibleApplicants=["25", "02", "", "02", " 99 "])))
    assert isinstance(record, Opportunity) and record.applicant_types == ("25", "02", "99")


def test_every_unreadable_field_of_a_record_is_reported_and_the_record_is_not_yielded() -> None:
    assert problems_of(PostDate="yesterday", AwardFloor="lots", ExpectedNumberOfAwards="ten") == [
        ("PostDate", "“yesterday” is not a date written MMDDYYYY (such as 03152026)"),
        ("AwardFloor", "“lots” is not an amount in dollars (digits only, such as 250000)"),
        ("ExpectedNumberOfAwards", "“ten” is not a whole number"),
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"OpportunityID": ""}, ("", "OpportunityID", "is missing")),
        ({"OpportunityID": "ABC-12"}, ("", "OpportunityID", "“ABC-12” is not an opportunity ID")),
        ({"OpportunityID": "٣٥٨٣٠٢"}, ("", "OpportunityID", "“٣٥٨٣٠٢” is not an opportunity ID")),
        ({"CloseDate": "٠٤١٧٢٠٢٦"}, ("400001", "CloseDate", "“٠٤١٧٢٠٢٦” is not a date written MMDDYYYY (such as 03152026)")),
        ({"OpportunityTitle": " "}, ("400001", "OpportunityTitle", "is missing")),
        ({"CloseDate": ["04172026", "05012026"]}, ("400001", "CloseDate", "appears 2 times; a record has it once")),
        ({"AwardFloor": "500000", "AwardCeiling": "100000"},
         ("400001", "AwardFloor", "500,000 is above the award ceiling of 100,000")),
    ],
)  # fmt: skip
def test_records_that_cannot_be_imported_are_problems(
    fields: dict[str, str | list[str]], expected: tuple[str, str, str]
) -> None:
    record = only(document(synopsis(**fields)))
    assert isinstance(record, RecordProblem)
    assert (record.opportunity_id, record.field, record.message) == expected


def test_a_record_of_an_unknown_kind_is_skipped_with_its_reason_and_foreign_elements_are_ignored() -> None:
    foreign = '<x:Note xmlns:x="urn:example">ignored</x:Note>'
    records = read(
        document(
            "<OpportunityPackageDetail_1_0><OpportunityID>7</OpportunityID></OpportunityPackageDetail_1_0>",
            synopsis(Description="kept").replace("<Version>", foreign + "<Version>"),
        )
    )
    assert records[0] == SkippedRecord(
        "7", "not an opportunity record (<OpportunityPackageDetail_1_0>)", line=3
    )
    assert isinstance(records[1], Opportunity) and records[1].description == "kept"


def test_an_oversized_record_is_a_problem_and_the_next_record_is_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parser, "MAX_RECORD_CHARS", 1000)
    records = read(document(synopsis("400001", Description="x" * 5000), synopsis("400002")))
    assert isinstance(records[0], RecordProblem) and records[0].opportunity_id == "400001"
    assert "larger than any Grants.gov record can be" in records[0].message
    assert isinstance(records[1], Opportunity) and records[1].opportunity_id == "400002"


@pytest.mark.parametrize(
    ("version", "number"),
    [
        ("Synopsis 3", 3),
        ("Synopsis 12", 12),
        ("Forecast 1", 1),
        ("synopsis 2 ", 2),
        ("", None),
        ("Synopsis", None),
    ],
)
def test_the_version_number_is_the_number_at_its_end(version: str, number: int | None) -> None:
    assert version_number(version) == number


# --- Faulty and hostile documents --------------------------------------------------------------------


@pytest.mark.parametrize(("content", "message"), BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_a_faulty_document_raises_a_clear_extract_error(content: bytes, message: str) -> None:
    with pytest.raises(ExtractError) as raised:
        read(content)
    assert message in str(raised.value)


def test_the_records_before_a_fault_are_yielded_before_the_error() -> None:
    # given an extract cut short in its second record
    records: list[object] = []
    # when
    with pytest.raises(ExtractError, match="cut short"):
        records.extend(iter_opportunities(io.BytesIO(document(synopsis("400001"), synopsis("400002"))[:-60])))
    # then the first record was read; the importer rolls it back
    assert [getattr(record, "opportunity_id", None) for record in records] == ["400001"]


class Trickle(io.RawIOBase):
    """A stream that hands out at most ``step`` bytes a read, as a slow network or a zip member may."""

    def __init__(self, content: bytes, step: int) -> None:
        self.content, self.step, self.at = content, step, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        piece = self.content[self.at : self.at + min(self.step, len(buffer))]
        buffer[: len(piece)] = piece
        self.at += len(piece)
        return len(piece)


@given(step=st.integers(min_value=1, max_value=300))
def test_where_the_bytes_are_split_changes_nothing(step: int) -> None:
    content = FIXTURE.read_bytes()
    assert list(iter_opportunities(Trickle(content, step))) == read(content)  # type: ignore[arg-type]


def test_memory_stays_the_size_of_a_record_however_long_the_extract() -> None:
    # given 4,000 records of about 3 kB each, generated as they are read (12 MB never held at once)
    record = synopsis(Description="Broadband &amp; digital services. " * 90).encode()

    class Endless(io.RawIOBase):
        def __init__(self) -> None:
            head = f'<?xml version="1.0"?><Grants xmlns="{NAMESPACE}">'.encode()
            self.parts: Iterator[bytes] = iter([head, *([record] * 4000), b"</Grants>"])
            self.rest = b""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            while len(self.rest) < len(buffer):
                part = next(self.parts, None)
                if part is None:
                    break
                self.rest += part
            piece, self.rest = self.rest[: len(buffer)], self.rest[len(buffer) :]
            buffer[: len(piece)] = piece
            return len(piece)

    # when
    tracemalloc.start()
    count = sum(1 for _ in iter_opportunities(Endless()))  # type: ignore[arg-type]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # then
    assert count == 4000
    assert peak < 2 * 1024 * 1024


# --- open_extract: the .xml, or the .zip as Grants.gov publishes it -----------------------------------


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_zip_is_read_as_its_one_xml_file_and_counts_bytes(tmp_path: Path) -> None:
    xml = FIXTURE.read_bytes()
    path = write(tmp_path, "GrantsDBExtract20260302v2.zip", zipped({"GrantsDBExtract20260302v2.xml": xml}))
    with open_extract(path) as stream:
        records = list(iter_opportunities(stream))
        assert (stream.position, stream.size) == (len(xml), len(xml))
    assert records == read(xml)


def test_a_zip_is_recognised_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    path = write(tmp_path, "extract.download", zipped({"extract.XML": document(synopsis())}))
    with open_extract(path) as stream:
        assert [getattr(r, "opportunity_id", None) for r in iter_opportunities(stream)] == ["400001"]


def bomb() -> bytes:
    return zipped({"GrantsDBExtract.xml": document(synopsis(Description=" " * 3_000_000))})


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"a.xml": b"<Grants/>", "b.xml": b"<Grants/>"},
         "The archive holds 2 files (“a.xml”, “b.xml”); a Grants.gov extract holds exactly one XML file."),
        ({}, "The archive holds no file; a Grants.gov extract holds exactly one XML file."),
        ({"GrantsDBExtract.csv": b"x"}, "The archive's file “GrantsDBExtract.csv” is not an .xml file."),
        ({"../../etc/cron.d/GrantsDBExtract.xml": b"<Grants/>"}, "which points outside the archive"),
        ({"/etc/GrantsDBExtract.xml": b"<Grants/>"}, "which points outside the archive"),
        ({"C:\\Windows\\GrantsDBExtract.xml": b"<Grants/>"}, "which points outside the archive"),
        ({"data\\..\\..\\GrantsDBExtract.xml": b"<Grants/>"}, "which points outside the archive"),
    ],
    ids=["two files", "empty", "not xml", "dot-dot", "absolute", "drive letter", "backslashes"],
)  # fmt: skip
def test_an_archive_that_cannot_hold_an_extract_is_refused(
    tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    path = write(tmp_path, "extract.zip", zipped(members))
    with pytest.raises(ExtractError) as raised:
        open_extract(path)
    assert message in str(raised.value)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path: Path) -> None:
    path = write(tmp_path, "extract.zip", bomb())
    with pytest.raises(ExtractError, match="looks like a zip bomb"):
        open_extract(path)


def test_an_archive_declaring_more_than_any_extract_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_XML_BYTES", 1000)
    path = write(
        tmp_path, "extract.zip", zipped({"GrantsDBExtract.xml": document(synopsis(Description="x" * 3000))})
    )
    with pytest.raises(ExtractError, match=r"would unpack to 3\.\d kB, more than the 1,000 bytes any Grants"):
        open_extract(path)


def test_a_damaged_archive_is_an_extract_error(tmp_path: Path) -> None:
    content = bytearray(zipped({"GrantsDBExtract.xml": FIXTURE.read_bytes()}, compression=zipfile.ZIP_STORED))
    at = content.index(b"SMART")
    content[at : at + 5] = b"SMURF"  # the CRC no longer matches
    with (
        open_extract(write(tmp_path, "extract.zip", bytes(content))) as stream,
        pytest.raises(ExtractError, match="The archive is damaged"),
    ):
        list(iter_opportunities(stream))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"PK\x03\x04 not really a zip", "The file is not a readable zip archive")],
)
def test_a_file_that_only_looks_like_a_zip_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        open_extract(write(tmp_path, "extract.zip", content))


def test_a_missing_file_is_an_extract_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="There is no such file"):
        open_extract(tmp_path / "GrantsDBExtract.zip")
