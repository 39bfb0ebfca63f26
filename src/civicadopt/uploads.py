"""Reading an uploaded table (.csv or .xlsx) as text rows, for the all-or-nothing imports of risks and of
funding programmes: one reader, so both accept the same files and refuse bad ones with the same words.
"""

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from civicadopt.reports.renderers.xlsx import FORMULA_TRIGGERS
from civicadopt_core.finance.lines_table import RowError, decode

MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 50


class TableError(ValueError):
    """The file has problems; ``errors`` lists every one found (at most 50)."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors[:MAX_ERRORS]
        super().__init__("; ".join(str(error) for error in self.errors))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, float):
        # Excel stores every number as a float: 1200.0 is "1200", and cents survive as written.
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    # The export writes formula-like text with a leading apostrophe; take it off again.
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


# What a file really is, from its first bytes (its "magic number"), whatever its name says: a PDF or a
# Word document renamed .csv must be refused by what it is, not as "row 1: unknown column".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # Office 97-2003: .doc, .xls, .ppt
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"PK\x03\x04", "zip"),
)
_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("xl/", "xlsx"), ("word/", "docx"), ("ppt/", "pptx"),
)  # fmt: skip


def file_type(content: bytes) -> str | None:
    """Return what ``content`` is by its first bytes ("pdf", "docx", "xlsx", "pptx", "ods", "odt", "ole",
    "rtf", "image", "zip"), or None for text and anything else unrecognised."""
    kind = next((kind for magic, kind in _MAGIC if content.startswith(magic)), None)
    if kind != "zip":
        return kind
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return "zip"
    if "opendocument.spreadsheet" in mimetype:
        return "ods"
    if "opendocument.text" in mimetype:
        return "odt"
    return next((kind for prefix, kind in _ZIP_KINDS if any(n.startswith(prefix) for n in names)), "zip")


def _described(kind: str) -> str:
    return {
        "pdf": _("This file is a PDF document"),
        "docx": _("This file is a Word document"),
        "pptx": _("This file is a PowerPoint presentation"),
        "odt": _("This file is an OpenDocument text document"),
        "ods": _(
            "This file is an OpenDocument spreadsheet (.ods): save it from your spreadsheet program as Excel (.xlsx)"
        ),
        "ole": _(
            "This file is in an older Office format (.xls or .doc): save it from Excel as an Excel Workbook (.xlsx)"
        ),
        "rtf": _("This file is a rich-text (RTF) document"),
        "image": _("This file is a picture"),
        "zip": _("This file is a compressed (.zip) archive"),
    }[kind]


def wrong_file_type(content: bytes, wanted: str | None = None) -> str | None:
    """Return a plain message when ``content`` is not a table (CSV or .xlsx) but, say, a PDF or a Word
    document, whatever its name; None when it may be one. ``wanted`` names the files accepted."""
    kind = file_type(content)
    if kind is None or kind == "xlsx":
        return None
    wanted = wanted or _("a CSV or Excel (.xlsx) file")
    return _("%(what)s; upload %(wanted)s.") % {"what": _described(kind), "wanted": wanted}


def refused_file_errors(problems: Sequence[object]) -> list[str]:
    """The errors to put on a refused import's file field: "nothing was imported", then each problem
    about the whole file (its type, its size), so the error summary at the top of the form names it.

    ``problems`` are RowErrors (row 0 is the whole file) or, from the plan import, plain messages: a
    single one is shown too.
    """
    whole = [
        str(problem)
        for problem in problems
        if getattr(problem, "row", None) == 0 or (isinstance(problem, str) and len(problems) == 1)
    ]
    return [_("Nothing was imported: correct the problems listed and try again."), *whole]


def read_rows(
    content: bytes, filename: str, *, error: type[TableError] = TableError
) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of an uploaded .csv or .xlsx file, as text."""
    if len(content) > MAX_BYTES:
        raise error(
            [RowError(0, "", _("the file is larger than %(n)d MB") % {"n": MAX_BYTES // (1024 * 1024)})]
        )
    wrong = wrong_file_type(content)
    if wrong:
        raise error([RowError(0, "", wrong)])
    name = filename.lower()
    if file_type(content) == "xlsx" or name.endswith(".xlsx"):
        from openpyxl import load_workbook  # heavy: only when an Excel file arrives

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            rows = [
                [cell_text(cell) for cell in row] for row in book.worksheets[0].iter_rows(values_only=True)
            ]
            book.close()
        except Exception as exc:  # openpyxl raises many kinds for a damaged or non-Excel file
            raise error([RowError(0, "", _("the file is not a readable Excel (.xlsx) workbook"))]) from exc
    elif name.endswith((".csv", ".txt")):
        try:
            reader = csv.reader(io.StringIO(decode(content), newline=""))
            rows = [[cell_text(cell) for cell in row] for row in reader]
        except UnicodeDecodeError as exc:
            raise error([RowError(0, "", _("the file is not text: save it as CSV (UTF-8)"))]) from exc
        except csv.Error as exc:
            raise error(
                [RowError(0, "", _("the file is not valid CSV (%(problem)s)") % {"problem": exc})]
            ) from exc
    else:
        raise error([RowError(0, "", _("choose a .csv or .xlsx file"))])
    if not rows or not any(rows[0]):
        raise error([RowError(1, "", _("the first row must name the columns"))])
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    return header, rows[1:]
