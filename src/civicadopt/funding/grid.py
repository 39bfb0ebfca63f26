"""An initiative's funding sources as a grid: a row per source (name, kind, committed or expected), a column
per fiscal year, saved in one go by ``sources_grid_save`` through the funding-source services (all or
nothing; each created, changed or removed source audited by them).

The columns run over the fiscal years the business case has costs in and those sources already name, so
the money can be set against the costs year by year; the costs show under the totals for reference.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicadopt.accounts.models import User
from civicadopt.amount_grid import Column, Grid, KeyField, Row, Total, fingerprint, grid_changes, money_text
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.permissions import require_edit
from civicadopt_core.calendar import fiscal_year

from . import services
from .models import FundingSource, SourceKind
from .plan import option_costs

MIN_YEARS = 5
MAX_YEARS = 60
COMMITTED = {"yes": True, "no": False}


def key_fields() -> list[KeyField]:
    return [
        KeyField("name", _("Source"), max_length=200),
        KeyField("kind", _("Kind"), [(str(v), str(label)) for v, label in SourceKind.choices]),
        KeyField(
            "committed", _("Committed"), [("yes", _("Committed")), ("no", _("Expected, not yet committed"))]
        ),
    ]


def fiscal_years(initiative: Initiative, through: int | None = None) -> list[int]:
    """The fiscal years the grid shows: the costs' and the sources' years, at least five from the first."""
    _option, _label, costs = option_costs(initiative)
    stored = set(FundingSource.objects.filter(initiative=initiative).values_list("fiscal_year", flat=True))
    years = set(costs) | stored
    if years:
        first = min(years)
    else:
        month = initiative.organisation.fiscal_year_start_month
        first = fiscal_year(timezone.localdate(), month).year
    last = max([*years, first + MIN_YEARS - 1, *([through] if through else [])])
    last = max(min(last, first + MAX_YEARS - 1, 2200), *stored, first)  # a stored source is never hidden
    return list(range(first, last + 1))


def _fingerprint(initiative: Initiative) -> str:
    return fingerprint(
        FundingSource.objects.filter(initiative=initiative).values_list(
            "pk", "kind", "name", "fiscal_year", "amount", "committed"
        )
    )


def _key(source: FundingSource) -> tuple[str, str, str]:
    return (source.name, source.kind, "yes" if source.committed else "no")


def sources_grid(initiative: Initiative, *, through: int | None = None) -> Grid:
    """Return the grid of ``initiative``'s funding sources, with the business case's costs for reference."""
    years = fiscal_years(initiative, through)
    by_row: dict[tuple[str, str, str], list[FundingSource]] = defaultdict(list)
    for source in FundingSource.objects.filter(initiative=initiative).order_by(
        "kind", "name", "fiscal_year", "pk"
    ):
        by_row[_key(source)].append(source)
    rows = []
    order = {value: index for index, (value, _label) in enumerate(SourceKind.choices)}
    ordered = sorted(
        by_row.items(), key=lambda item: (order.get(item[0][1], 99), item[0][0].casefold(), item[0][2])
    )
    for index, ((name, kind, committed), sources) in enumerate(ordered):
        row = Row(index=index, key={"name": name, "kind": kind, "committed": committed}, cells={})
        per_year: dict[int, list[FundingSource]] = defaultdict(list)
        for source in sources:
            per_year[source.fiscal_year].append(source)
        for year, same in per_year.items():
            total = sum((s.amount for s in same), Decimal(0))
            row.cells[year] = money_text(total)
            row.amounts[year] = total
            if len(same) > 1:
                row.locked[year] = _("%(n)d sources in this year: change them in the list of sources.") % {
                    "n": len(same)}  # fmt: skip
        rows.append(row)
    _option, _label, costs = option_costs(initiative)
    reference = [(_("Costs in the business case"), [costs.get(year) for year in years])] if costs else []
    return Grid(
        key_fields=key_fields(),
        columns=[Column(year, f"FY{year}") for year in years],
        rows=rows,
        totals=[Total(_("Total funding"), {"*": 1})],
        fingerprint=_fingerprint(initiative),
        reference=reference,
    )


def clean_source_key(key: dict[str, str]) -> dict[str, str]:
    problems = {}
    if key.get("kind") not in dict(SourceKind.choices):
        problems["kind"] = _("Choose one.")
    if key.get("committed") not in COMMITTED:
        problems["committed"] = _("Choose one.")
    if not key.get("name"):
        problems["name"] = _("Name the source, such as “General fund”.")
    elif len(key["name"]) > 200:
        problems["name"] = _("Use at most %(n)d characters.") % {"n": 200}
    return problems


@transaction.atomic
def sources_grid_save(*, user: User, initiative: Initiative, grid: Grid) -> int:
    """Save a grid read from a form (``amount_grid.read_grid``); return how many sources changed.

    An empty cell removes that year's source, a number creates or changes it. Nothing is saved when a cell
    is wrong (ValidationError naming each cell) or when the sources changed since the grid was loaded
    (ValidationError with code ``conflict``).
    """
    require_edit(user, initiative)
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()  # one grid save at a time
    if grid.fingerprint != _fingerprint(initiative):
        raise ValidationError(
            _("Someone else changed these funding sources while you were editing. The grid below shows "
              "what you entered; check it against the saved sources and save again to keep yours."),
            code="conflict",
        )  # fmt: skip
    stored: dict[tuple[str, str, str, int], list[FundingSource]] = defaultdict(list)
    for source in FundingSource.objects.filter(initiative=initiative):
        source.initiative = initiative
        stored[(*_key(source), source.fiscal_year)].append(source)

    def prepare(row: Row, year: int, amount: Decimal, source: FundingSource | None) -> dict[str, object]:
        values = {"kind": row.key["kind"], "name": row.key["name"], "fiscal_year": year, "amount": amount,
                  "committed": COMMITTED[row.key["committed"]]}  # fmt: skip
        FundingSource(initiative=initiative, **values).full_clean(exclude=["initiative"])
        return values

    changes = grid_changes(grid, stored, prepare)
    creates, updates, deletes = changes.creates, changes.updates, changes.deletes
    for source in deletes:
        services.source_delete(user=user, source=source)
    for source, amount in updates:
        services.source_update(user=user, source=source, data={"amount": amount})
    for values in creates:
        services.source_create(user=user, initiative=initiative, data=values)
    return len(deletes) + len(updates) + len(creates)
