"""Importing the organisation's own programmes from CSV or Excel: all or nothing, every problem reported
by row and column.

The columns are those of the export (``exports.COLUMNS``); only ``funder`` and ``name`` are required.
A row whose ``id`` names one of the organisation's own programmes updates it; a row without an id adds
one. Shared Grants.gov programmes cannot be changed this way (the Grants.gov import keeps them). Each
row is checked by the same form as the web page and written through the same services, so the audit
trail has an entry per programme; if any row has a problem nothing is written.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt import uploads
from civicadopt.accounts.models import Organisation, User
from civicadopt.uploads import TableError
from civicadopt_core.finance.lines_table import RowError

from . import services
from .exports import CALCULATED, COLUMNS
from .forms import APPLICANT_TYPES, CATEGORIES, ProgrammeForm
from .models import Kind, Programme, Source

MAX_ROWS = 2000
REQUIRED = ("funder", "name")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class ProgrammeTableError(TableError):
    """The file has problems; ``errors`` lists every one found (at most 50)."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def read_rows(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of an uploaded .csv or .xlsx file, as text."""
    return uploads.read_rows(content, filename, error=ProgrammeTableError)


def _check_header(header: list[str]) -> None:
    errors = [
        RowError(1, name, _("unknown column")) for name in header if name and name not in COLUMNS + CALCULATED
    ]
    errors += [
        RowError(1, name, _("this column appears twice"))
        for name in sorted({n for n in header if n and header.count(n) > 1})
    ]
    errors += [RowError(1, name, _("this column is required")) for name in REQUIRED if name not in header]
    if errors:
        raise ProgrammeTableError(errors)


def _codes(text: str, vocabulary: tuple[tuple[str, Any], ...], *, pad: int = 0) -> list[str]:
    """Return the codes listed in ``text`` (separated by semicolons), matched by code or by label."""
    by_key = {code.casefold(): code for code, _label in vocabulary}
    by_key.update({str(label).casefold(): code for code, label in vocabulary})
    codes, unknown = [], []
    for part in (part.strip() for part in text.split(";")):
        if not part:
            continue
        key = part.zfill(pad) if pad and part.isdigit() else part
        code = by_key.get(key.casefold())
        if code is None:
            unknown.append(part)
        else:
            codes.append(code)
    if unknown:
        raise ValueError(_("unknown codes: %(codes)s") % {"codes": ", ".join(unknown[:5])})
    return list(dict.fromkeys(codes))


def _kind(text: str) -> str:
    folded = text.casefold()
    matches = [value for value, label in Kind.choices if folded in (value, str(label).casefold())]
    return matches[0] if matches else (text or Kind.GRANT)


def _fields_given(header: list[str], data: dict[str, Any]) -> set[str]:
    """Return the form fields a row of the file sets: its columns, and cost sharing when it gives a match."""
    fields = set(header) & set(ProgrammeForm.Meta.fields)
    if data.get("match_percent"):
        fields.add("cost_sharing")
    return fields


class _Rows:
    """Turns the cells of one row into the programme form's data, with the programmes it may update."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    def programme(self, text: str) -> Programme:
        if not text.isdigit():
            raise ValueError(_("write the programme's id as a number, or leave it empty to add one"))
        programme = Programme.objects.filter(pk=int(text)).first()
        if programme is None or (programme.organisation_id not in (None, self.organisation.pk)):
            raise ValueError(
                _("there is no programme %(id)s here; leave the id empty to add one") % {"id": text}
            )
        if programme.organisation_id is None:
            raise ValueError(
                _("programme %(id)s is a shared Grants.gov programme and cannot be changed; remove the row")
                % {"id": text}
            )
        return programme

    def form_data(self, cells: dict[str, str], errors: list[RowError], index: int) -> dict[str, Any]:
        data: dict[str, Any] = {name: cells[name] for name in ProgrammeForm.Meta.fields if name in cells}
        data["kind"] = _kind(cells.get("kind", ""))
        for name, vocabulary, pad in (("applicant_types", APPLICANT_TYPES, 2), ("categories", CATEGORIES, 0)):
            try:
                data[name] = _codes(cells.get(name, ""), vocabulary, pad=pad)
            except ValueError as exc:
                errors.append(RowError(index, name, str(exc)))
                data[name] = []
        rolling = cells.get("rolling", "").casefold()
        if rolling not in YES | NO:
            errors.append(RowError(index, "rolling", _("write yes or no")))
        data["rolling"] = rolling in YES
        if data.get("match_percent"):
            data["match_percent"] = data["match_percent"].rstrip("% ")
            data["cost_sharing"] = True
        for name in ("award_floor", "award_ceiling"):
            if data.get(name):
                data[name] = data[name].replace(",", "").lstrip("$")
        return data


@transaction.atomic
def programmes_import(
    *, user: User, organisation: Organisation, content: bytes, filename: str
) -> ImportResult:
    """Add or update the organisation's own programmes in the file; raise ProgrammeTableError, having
    written nothing, on any problem."""
    services.require_catalogue_edit(user=user, organisation=organisation)
    header, rows = read_rows(content, filename)
    _check_header(header)
    if len(rows) > MAX_ROWS:
        raise ProgrammeTableError(
            [RowError(0, "", _("the file has more than %(n)d rows; split it") % {"n": MAX_ROWS})]
        )
    helper = _Rows(organisation)
    errors: list[RowError] = []
    checked: list[tuple[int, Programme | None, ProgrammeForm]] = []
    seen: set[int] = set()
    for index, row in enumerate(rows, start=2):
        cells = dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=False))
        if not any(cells.values()):
            continue
        programme: Programme | None = None
        try:
            if cells.get("id"):
                programme = helper.programme(cells["id"])
                if programme.pk in seen:
                    raise ValueError(_("programme %(id)s appears twice in the file") % {"id": programme.pk})
                seen.add(programme.pk)
        except ValueError as exc:
            errors.append(RowError(index, "id", str(exc)))
            programme = None
        data = helper.form_data(cells, errors, index)
        form = ProgrammeForm(data, instance=Programme.objects.get(pk=programme.pk) if programme else None)
        if not form.is_valid():
            errors += [
                RowError(index, "" if field == "__all__" else field, " ".join(str(m) for m in messages))
                for field, messages in form.errors.items()
            ]
        checked.append((index, programme, form))
    if errors:
        raise ProgrammeTableError(errors)
    created = updated = 0
    for index, programme, form in checked:
        # An update sets only the columns the file has; the programme's other fields stay as they are.
        data = form.programme_data()
        if programme is not None:
            given = _fields_given(header, data)
            data = {name: value for name, value in data.items() if name in given}
        try:
            if programme is None:
                services.programme_create(user=user, organisation=organisation, data=data, source=Source.FILE)
                created += 1
            else:
                services.programme_update(
                    user=user,
                    organisation=organisation,
                    programme=programme,
                    expected_version=programme.version,
                    data=data,
                )
                updated += 1
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            errors += [
                RowError(index, "" if field == "__all__" else field, " ".join(messages))
                for field, messages in problems.items()
            ]
    if errors:
        raise ProgrammeTableError(errors)  # rolls back the rows already written
    return ImportResult(created=created, updated=updated)
