"""The cost and benefit lines of one option as a grid: a row per line (kind, category, name), a column per
year of the appraisal, saved in one go by ``lines_grid_save`` (all or nothing, one audit entry per line
created, changed or removed).

A line is stored per year (``Line``); a row of the grid is the lines of one kind, category and name. When
two lines share a row and a year (allowed, see ``selectors.duplicate_lines``) the grid shows their sum and
leaves that cell alone: it is edited in the list of lines.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt.accounts.models import User
from civicadopt.amount_grid import (
    Column,
    Grid,
    KeyField,
    Row,
    Total,
    fingerprint,
    grid_changes,
    money_text,
)
from civicadopt.initiatives.permissions import require_edit
from civicadopt_core.finance.flows import Kind

from .models import BusinessCase, Line, Option
from .services import _delete, _save_new, _update

DEFAULT_LAST_YEAR = 10  # year 0 to year 10: the span most municipal technology cases appraise
MAX_SHOWN_YEARS = 100


def key_fields() -> list[KeyField]:
    kind = Line._meta.get_field("kind")
    category = Line._meta.get_field("category")
    return [
        KeyField("name", _("Line"), max_length=200),
        KeyField("kind", _("Cost or benefit"), [(str(v), str(label)) for v, label in kind.choices]),  # type: ignore[union-attr]
        KeyField("category", _("Category"), [(str(v), str(label)) for v, label in category.choices]),  # type: ignore[union-attr]
    ]


def last_shown_year(case: BusinessCase) -> int:
    """The last year a grid may show: the end of the appraisal period, at most year 100."""
    return min(case.horizon_years, MAX_SHOWN_YEARS)


def last_year(option: Option, wanted: int | None = None) -> int:
    """The last year the grid shows: at least year 10 and every stored line, within the appraisal period."""
    stored = max(option.lines.values_list("year", flat=True), default=0)
    horizon = last_shown_year(option.business_case)
    end = min(max(DEFAULT_LAST_YEAR if wanted is None else wanted, 0), horizon)
    return max(end, stored)  # a stored line is never hidden


def _lines_fingerprint(option: Option) -> str:
    return fingerprint(option.lines.values_list("pk", "kind", "category", "name", "year", "amount"))


def lines_grid(option: Option, *, through_year: int | None = None) -> Grid:
    """Return the grid of ``option``'s stored lines (with blank rows for new ones)."""
    end = last_year(option, through_year)
    columns = [Column(year, _("Year %(n)d") % {"n": year}) for year in range(end + 1)]
    by_row: dict[tuple[str, str, str], list[Line]] = defaultdict(list)
    for line in option.lines.order_by("kind", "category", "name", "year", "pk"):
        by_row[(line.kind, line.category, line.name)].append(line)
    rows = []
    # Costs first, then benefits, as the council report lists them.
    order = {Kind.COST.value: 0, Kind.BENEFIT.value: 1}
    for index, ((kind, category, name), lines) in enumerate(
        sorted(by_row.items(), key=lambda item: (order.get(item[0][0], 2), item[0][1], item[0][2].casefold()))
    ):
        per_year: dict[int, list[Line]] = defaultdict(list)
        for line in lines:
            per_year[line.year].append(line)
        row = Row(index=index, key={"kind": kind, "category": category, "name": name}, cells={})
        for year, same in per_year.items():
            total = sum((line.amount for line in same), Decimal(0))
            row.cells[year] = money_text(total)
            row.amounts[year] = total
            if len(same) > 1:
                row.locked[year] = _("%(n)d lines in this year: change them in the list of lines.") % {
                    "n": len(same)}  # fmt: skip
        rows.append(row)
    grid = Grid(
        key_fields=key_fields(),
        columns=columns,
        rows=rows,
        totals=[
            Total(_("Total costs"), {Kind.COST.value: 1}),
            Total(_("Total benefits"), {Kind.BENEFIT.value: 1}),
            Total(_("Net benefit (benefits minus costs)"), {Kind.BENEFIT.value: 1, Kind.COST.value: -1}),
        ],
        fingerprint=_lines_fingerprint(option),
        fill_first_index=1,  # costs that recur usually start in year 1, after the year-0 investment
    )
    return grid


def clean_line_key(key: dict[str, str]) -> dict[str, str]:
    """Check a new row's kind, category and name; return a message for each bad one."""
    problems = {}
    fields = {f.name: f for f in key_fields()}
    for name in ("kind", "category"):
        if key.get(name) not in dict(fields[name].choices):
            problems[name] = _("Choose one.")
    if not key.get("name"):
        problems["name"] = _("Give the line a name, such as “Staff time”.")
    elif len(key["name"]) > fields["name"].max_length:
        problems["name"] = _("Use at most %(n)d characters.") % {"n": fields["name"].max_length}
    return problems


@transaction.atomic
def lines_grid_save(*, user: User, option: Option, grid: Grid) -> int:
    """Save every cell of a grid read from a form (``amount_grid.read_grid``); return how many lines changed.

    An empty cell removes the line of that year, a number creates or changes it. Nothing is saved when
    any cell is wrong (ValidationError naming each cell by its input) or when the option's lines changed
    since the grid was loaded (ValidationError with code ``conflict``).
    """
    case = option.business_case
    require_edit(user, case.initiative)
    Option.objects.select_for_update().filter(pk=option.pk).first()  # one grid save at a time per option
    if grid.fingerprint != _lines_fingerprint(option):
        raise ValidationError(
            _("Someone else changed these lines while you were editing. The grid below shows what you "
              "entered; check it against the saved lines and save again to keep yours."),
            code="conflict",
        )  # fmt: skip
    stored: dict[tuple[str, str, str, int], list[Line]] = defaultdict(list)
    for line in option.lines.all():
        line.option = option
        stored[(line.name, line.kind, line.category, line.year)].append(line)  # the key fields' order

    def prepare(row: Row, year: int, amount: Decimal, line: Line | None) -> Line:
        if line is None:
            candidate = Line(option=option, year=year, amount=amount, **row.key)
        else:
            candidate = Line(**{f: getattr(line, f) for f in ("kind", "category", "name", "year", "low",
                                                                "high", "distribution", "group")},
                             option=option, amount=amount)  # fmt: skip
        candidate.full_clean(exclude=["option"])
        return candidate

    changes = grid_changes(grid, stored, prepare)
    creates, updates, deletes = changes.creates, changes.updates, changes.deletes
    for line in deletes:
        _delete(user, case, line)
    for line, amount in updates:
        _update(user, case, line, ("amount",), {"amount": amount})
    for line in creates:
        _save_new(user, case, line)
    return len(deletes) + len(updates) + len(creates)


def grid_context(grid: Grid) -> dict[str, Any]:
    """What the grid templates need beyond the grid itself."""
    return {"grid": grid, "grid_totals": grid.total_values()}
