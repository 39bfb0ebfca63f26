"""Uploads of the wrong kind of file are refused by what they are, in plain words, by every import."""

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from civicadopt import uploads
from civicadopt.business_cases.imports import read_table
from civicadopt.funding.imports import read_rows as read_programmes
from civicadopt.planning.views.interchange import Refused, read_plan_file
from civicadopt.risks.imports import read_rows as read_risks

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})


def workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "amount"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF, "pdf"), (DOCX, "docx"), (ODS, "ods"), (OLE, "ole"), (b"PK\x03\x04broken", "zip"),
     (b"\x89PNG\r\n", "image"), (b"name,amount\n", None)],
)  # fmt: skip
def test_a_file_is_known_by_its_first_bytes(content: bytes, kind: str | None) -> None:
    assert uploads.file_type(content) == kind


def test_an_excel_workbook_is_a_table_whatever_its_name() -> None:
    content = workbook()
    assert uploads.file_type(content) == "xlsx"
    assert uploads.wrong_file_type(content) is None
    assert uploads.read_rows(content, "named-wrongly.csv") == (["name", "amount"], [])


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (DOCX, "risks.docx", "This file is a Word document; upload a CSV or Excel (.xlsx) file."),
        (PDF, "risks.csv", "This file is a PDF document; upload a CSV or Excel (.xlsx) file."),
        (DOCX, "risks.xlsx", "This file is a Word document; upload a CSV or Excel (.xlsx) file."),
        (
            OLE,
            "risks.xls",
            "older Office format (.xls or .doc): save it from Excel as an Excel Workbook (.xlsx)",
        ),
        (ODS, "risks.ods", "OpenDocument spreadsheet"),
    ],
)
def test_every_table_import_names_the_wrong_kind_of_file(content: bytes, filename: str, message: str) -> None:
    for read in (read_risks, read_programmes):
        with pytest.raises(uploads.TableError) as error:
            read(content, filename)
        assert message in str(error.value)
    with pytest.raises(ValueError) as lines_error:
        read_table(content, filename)
    assert message in str(lines_error.value)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (
            DOCX,
            "plan.xml",
            "This file is a Word document; upload a Microsoft Project XML (.xml), CSV or Excel",
        ),
        (PDF, "plan.csv", "This file is a PDF document; upload a Microsoft Project XML (.xml), CSV or Excel"),
        (PDF, "plan.xml", "This file is a PDF document"),
    ],
)
def test_the_plan_import_names_the_wrong_kind_of_file(content: bytes, filename: str, message: str) -> None:
    with pytest.raises(Refused) as error:
        read_plan_file(filename, SimpleUploadedFile(filename, content), phases=[])
    assert message in " ".join(error.value.problems)


@pytest.mark.django_db
def test_the_import_pages_error_summary_names_the_wrong_kind_of_file(client: Any, tenant_a: Any) -> None:
    # given
    from django.urls import reverse

    from civicadopt.business_cases import services

    editor = tenant_a.users["editor"]
    services.business_case_create(
        user=editor, initiative=tenant_a.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    client.force_login(editor)
    url = reverse("business_cases:import", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    # when: a Word document renamed .csv
    response = client.post(url, {"file": SimpleUploadedFile("lines.csv", DOCX)})
    # then: the summary at the top of the form says what the file is
    page = response.content.decode()
    summary = page[page.index("data-error-summary") : page.index('name="file"')]
    assert "This file is a Word document; upload a CSV or Excel (.xlsx) file." in summary
    assert "Nothing was imported" in summary
