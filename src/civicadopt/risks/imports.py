"""Importing a register from CSV or Excel: all or nothing, every problem reported by row and column.

The columns are those of the export (``exports.COLUMNS``); only ``title`` and ``probability_pct`` are
required. A row whose ``number`` names a risk of the register (R3 or 3) updates it; a row without a
number adds a risk. Each row is checked by the same form as the web page and written through the same
services (so the audit trail has an entry per risk); if any row has a problem nothing is written.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt import uploads
from civicadopt.accounts.models import User
from civicadopt.initiatives.models import Initiative
from civicadopt.planning.models import Task
from civicadopt.uploads import TableError
from civicadopt_core.finance.lines_table import RowError

from . import services
from .exports import CALCULATED, COLUMNS
from .forms import RiskForm
from .models import Category, Response, Risk, Status

MAX_ROWS = 1000
CHOICES = {"category": Category, "response": Response, "status": Status}
DEFAULTS = {"category": Category.OTHER, "response": Response.REDUCE, "status": Status.OPEN}
# Form fields whose column has another name in the file.
COLUMN_OF = {"probability": "probability_pct", "residual_probability": "residual_probability_pct",
             "owner_name": "owner", "__all__": ""}  # fmt: skip


class RiskTableError(TableError):
    """The file has problems; ``errors`` lists every one found (at most 50)."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def read_rows(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of an uploaded .csv or .xlsx file, as text."""
    return uploads.read_rows(content, filename, error=RiskTableError)


def _check_header(header: list[str]) -> None:
    errors = [
        RowError(1, name, _("unknown column")) for name in header if name and name not in COLUMNS + CALCULATED
    ]
    errors += [
        RowError(1, name, _("this column appears twice"))
        for name in sorted({n for n in header if n and header.count(n) > 1})
    ]
    errors += [
        RowError(1, name, _("this column is required"))
        for name in ("title", "probability_pct")
        if name not in header
    ]
    if errors:
        raise RiskTableError(errors)


class _Rows:
    """Turns the cells of one row into the risk form's data, with what it needs of the register."""

    def __init__(self, initiative: Initiative) -> None:
        self.risks = {risk.number: risk for risk in Risk.objects.filter(initiative=initiative)}
        self.tasks = {task.row: task for task in Task.objects.filter(plan__initiative=initiative)}
        members = list(User.objects.filter(memberships__organisation_id=initiative.organisation_id))
        names: dict[str, list[User]] = {}
        for user in members:
            for name in {user.username.casefold(), user.display_name.casefold()}:
                names.setdefault(name, []).append(user)
        self.members = {name: users[0] for name, users in names.items() if len(users) == 1}

    def number(self, text: str) -> int | None:
        digits = text.upper().removeprefix("R").strip()
        if not digits.isdigit():
            raise ValueError(_("write the risk number as R3 or 3, or leave it empty to add a risk"))
        if int(digits) not in self.risks:
            raise ValueError(
                _("there is no risk R%(n)d here; leave the number empty to add a risk") % {"n": int(digits)}
            )
        return int(digits)

    def tasks_of(self, text: str) -> list[int]:
        rows = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if any(not row.isdigit() for row in rows):
            raise ValueError(_("list the plan's row numbers, e.g. 3; 7"))
        missing = [row for row in rows if int(row) not in self.tasks]
        if missing:
            raise ValueError(_("the plan has no row %(rows)s") % {"rows": ", ".join(missing)})
        return [self.tasks[int(row)].pk for row in rows]

    def form_data(self, cells: dict[str, str]) -> dict[str, Any]:
        data: dict[str, Any] = {name: cells.get(name, "") for name in RiskForm.Meta.fields if name in cells}
        data["probability"] = cells.get("probability_pct", "").rstrip("% ")
        data["residual_probability"] = cells.get("residual_probability_pct", "").rstrip("% ")
        for name, choices in CHOICES.items():
            text = cells.get(name, "").casefold()
            match = [value for value, label in choices.choices if text in (value, str(label).casefold())]
            data[name] = match[0] if match else (text or DEFAULTS[name])
        owner = cells.get("owner", "")
        member = self.members.get(owner.casefold())
        data["owner"], data["owner_name"] = (member.pk, "") if member else ("", owner)
        return data


@transaction.atomic
def risks_import(*, user: User, initiative: Initiative, content: bytes, filename: str) -> ImportResult:
    """Add or update the risks in the file; raise RiskTableError, having written nothing, on any problem."""
    services.require_edit(user, initiative)
    header, rows = read_rows(content, filename)
    _check_header(header)
    if len(rows) > MAX_ROWS:
        raise RiskTableError(
            [RowError(0, "", _("the file has more than %(n)d rows; split it") % {"n": MAX_ROWS})]
        )
    helper = _Rows(initiative)
    errors: list[RowError] = []
    checked: list[tuple[int, Risk | None, RiskForm]] = []
    seen: set[int] = set()
    for index, row in enumerate(rows, start=2):
        cells = dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=False))
        if not any(cells.values()):
            continue
        risk: Risk | None = None
        data = helper.form_data(cells)
        try:
            number = helper.number(cells["number"]) if cells.get("number") else None
            if number is not None and number in seen:
                raise ValueError(_("R%(n)d appears twice in the file") % {"n": number})
            if number is not None:
                seen.add(number)
                risk = helper.risks[number]
        except ValueError as exc:
            errors.append(RowError(index, "number", str(exc)))
        try:
            data["tasks"] = helper.tasks_of(cells.get("tasks", ""))
        except ValueError as exc:
            errors.append(RowError(index, "tasks", str(exc)))
        form = RiskForm(data, instance=Risk.objects.get(pk=risk.pk) if risk else None, initiative=initiative)
        if not form.is_valid():
            errors += [
                RowError(index, COLUMN_OF.get(field, field), " ".join(str(m) for m in messages))
                for field, messages in form.errors.items()
            ]
        checked.append((index, risk, form))
    if errors:
        raise RiskTableError(errors)
    created = updated = 0
    for index, risk, form in checked:
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            if risk is None:
                services.risk_create(user=user, initiative=initiative, data=data)
                created += 1
            else:
                risk.initiative = initiative
                services.risk_update(user=user, risk=risk, expected_version=risk.version, data=data)
                updated += 1
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            errors += [
                RowError(index, COLUMN_OF.get(field, field), " ".join(messages))
                for field, messages in problems.items()
            ]
    if errors:
        raise RiskTableError(errors)  # rolls back the rows already written
    return ImportResult(created=created, updated=updated)
