"""Importing the Grants.gov extract into the shared programme catalogue (``Programme`` rows with source
grants.gov and no organisation), as one all-or-nothing transaction.

Use ``import_grants`` for the daily extract; the reading itself, with no database, is
``civicadopt.funding.grantsgov``. Each posted opportunity is matched by its OpportunityID: a new one is
created; one already held is replaced only by a newer Version (``Synopsis 3`` replaces ``Synopsis 2``; the
same version leaves the row unchanged; an older one is skipped), so importing the same file twice changes
nothing. Forecasts are skipped. A record that cannot be read is reported and left out, and the rest goes
on; a fault of the file itself (not XML, cut short, a DTD) undoes everything already written in this run.

How the extract maps onto a programme:

- ``kind`` is always grant. Grants.gov lists financial assistance: grants (G), cooperative agreements (CA,
  a grant with substantial federal involvement, 31 U.S.C. 6305), procurement contracts (PC) and other
  (O). None of these is a loan, a partnership or a *cooperative purchasing contract* (``Kind.COOPERATIVE``,
  a contract a city buys through), so none maps there; the exact codes are kept in ``instruments``.
- ``geography`` is US; ``applicant_types``, ``categories`` and ``assistance_listings`` keep the codes.
- ``opens`` and ``posted`` are PostDate, ``closes`` CloseDate. CloseDate is optional in the schema; a
  programme without one has no fixed deadline, so it is ``rolling``.
- Award amounts the agency did not state (absent, ``none`` or 0) are empty; cost sharing not stated is
  False; ``url`` is the additional-information address when it is an http(s) one.

Memory stays bounded: one batch of rows, plus the ID, key and version of every catalogue row (a few MB
for tens of thousands of opportunities).
"""

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .grantsgov import (
    ByteStream,
    ExtractError,
    ExtractReader,
    Opportunity,
    RecordProblem,
    SkippedRecord,
    iter_opportunities,
    version_number,
)
from .models import Kind, Programme, Source

# The element each stored text comes from, to name it when the text is longer than the column.
_TEXT_SOURCES = {
    "opportunity_id": "OpportunityID",
    "opportunity_number": "OpportunityNumber",
    "source_version": "Version",
    "funder": "AgencyName",
    "agency_code": "AgencyCode",
    "name": "OpportunityTitle",
    "url": "AdditionalInformationURL",
    "description": "Description",
    "eligibility_notes": "AdditionalInformationOnEligibility",
}
_LIMITS = {name: Programme._meta.get_field(name).max_length for name in _TEXT_SOURCES}
OLDER = "older than the version already imported"
SUPERSEDED = "replaced by a newer version later in the file"


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: rows created, updated and left unchanged, records skipped (with the count for
    each reason, most frequent first) and the records that could not be imported, each with its problem."""

    created: int
    updated: int
    unchanged: int
    skipped: int
    problems: list[RecordProblem] = field(default_factory=list)
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        """Return how many records were read: each opportunity, forecast and unreadable record once."""
        unreadable = len({(p.opportunity_id, p.line) for p in self.problems})
        return self.created + self.updated + self.unchanged + self.skipped + unreadable


def import_grants(
    stream: ByteStream,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 1000,
) -> ImportSummary:
    """Import the extract read from ``stream`` (see ``grantsgov.open_extract``); return what was done.

    ``progress`` is called after each record with the bytes read so far and the size of the XML (0 when
    unknown). Raise ``ExtractError`` when the file itself is faulty; nothing is then written, whatever was
    read before the fault.
    """
    reader = stream if isinstance(stream, ExtractReader) else ExtractReader(stream, size=_size_of(stream))
    with transaction.atomic():
        run = _Run(batch_size)
        try:
            for item in iter_opportunities(reader):
                run.take(item)
                if progress is not None:
                    progress(reader.position, reader.size)
            run.flush()
        except ExtractError as exc:
            raise ExtractError(f"{exc} {_rolled_back(run.read)}") from exc
    return run.summary()


def _rolled_back(read: int) -> str:
    if read == 0:
        return "Nothing was imported."
    if read == 1:
        return "Nothing was imported: the record read before this point was rolled back."
    return f"Nothing was imported: the {read:,} records read before this point were rolled back."


def _size_of(stream: ByteStream) -> int:
    """Return the size of an in-memory or file stream, or 0 when it cannot be known."""
    getbuffer = getattr(stream, "getbuffer", None)
    if getbuffer is not None:
        return len(getbuffer())
    try:
        return os.fstat(stream.fileno()).st_size  # type: ignore[attr-defined]
    except (OSError, AttributeError, ValueError):
        return 0


@dataclass
class _Known:
    """A catalogue row as far as the import needs it: its key and version. The key is None for a row
    added in this run, until a later record of the same opportunity needs it."""

    pk: int | None
    version: str
    organisation_id: int | None = None


class _Run:
    """One import: the catalogue rows already held, the pending batch, and the counts."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = max(1, batch_size)
        self.created = self.updated = self.unchanged = self.skipped = self.read = 0
        self.problems: list[RecordProblem] = []
        self.reasons: Counter[str] = Counter()
        self.known = {
            opportunity_id: _Known(pk, version, organisation_id)
            for opportunity_id, pk, version, organisation_id in Programme.objects.filter(
                source=Source.GRANTS_GOV
            ).values_list("opportunity_id", "pk", "source_version", "organisation_id")
        }
        self.creates: dict[str, dict[str, Any]] = {}
        self.updates: dict[str, tuple[int, dict[str, Any]]] = {}

    def take(self, item: Opportunity | RecordProblem | SkippedRecord) -> None:
        self.read += 1
        if isinstance(item, RecordProblem):
            self.problems.append(item)
        elif isinstance(item, SkippedRecord):
            self.skip(item.reason)
        else:
            self.opportunity(item)
        if len(self.creates) + len(self.updates) >= self.batch_size:
            self.flush()

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] += 1

    def opportunity(self, opportunity: Opportunity) -> None:
        values = _programme_values(opportunity)
        problems = _too_long(opportunity, values)
        if problems:
            self.problems.extend(problems)
            return
        known = self.known.get(opportunity.opportunity_id)
        if known is not None and known.organisation_id is not None:
            self.problems.append(
                RecordProblem(
                    opportunity.opportunity_id,
                    "OpportunityID",
                    "an organisation's own programme is already recorded with this Grants.gov ID; "
                    "the shared catalogue's copy was not created",
                    opportunity.line,
                )
            )
            return
        if known is None:
            self.creates[opportunity.opportunity_id] = values
            self.known[opportunity.opportunity_id] = _Known(None, opportunity.version)
            return
        order = _compare(opportunity.version, known.version)
        if order == 0:
            self.unchanged += 1
            return
        if order < 0:
            self.skip(OLDER)
            return
        pending = self.creates if opportunity.opportunity_id in self.creates else self.updates
        if opportunity.opportunity_id in pending:
            self.skip(SUPERSEDED)  # the earlier record in this file is not written after all
        known.version = opportunity.version
        if known.pk is None and opportunity.opportunity_id not in self.creates:
            # created from an earlier record of this same file, in a batch already written
            known.pk = Programme.objects.filter(
                source=Source.GRANTS_GOV, opportunity_id=opportunity.opportunity_id
            ).values_list("pk", flat=True)[0]
        if known.pk is None:
            self.creates[opportunity.opportunity_id] = values
        else:
            self.updates[opportunity.opportunity_id] = (known.pk, values)

    def flush(self) -> None:
        if self.creates:
            _insert_rows(list(self.creates.values()))
            self.created += len(self.creates)
        if self.updates:
            _update_rows(list(self.updates.values()))
            self.updated += len(self.updates)
        self.creates, self.updates = {}, {}

    def summary(self) -> ImportSummary:
        return ImportSummary(
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            skipped=self.skipped,
            problems=self.problems,
            skipped_reasons=dict(self.reasons.most_common()),
        )


# Rows are written with one prepared statement executed for every row of a batch, not with bulk_create and
# bulk_update. bulk_update builds a CASE expression per field and row: 9 ms a row here, eight minutes for
# an extract in which all 50,000 opportunities changed (0.3 ms a row this way). bulk_create prepares every
# value of every row through the SQL compiler, the same time stamps and defaults 50,000 times over (a
# third of the whole import); here the values common to a batch are prepared once. Each value is still
# the model field's own database value (``get_db_prep_save``), so the rows hold exactly what the ORM would
# write, on SQLite and PostgreSQL alike.


def _insert_rows(rows: list[dict[str, Any]]) -> None:
    """Add catalogue rows with ``rows``' values; every other column gets its model default."""
    now = timezone.now()
    common = {"organisation": None, "source": Source.GRANTS_GOV, "created_at": now, "updated_at": now}
    given, fixed = [], []
    for model_field in Programme._meta.concrete_fields:
        if model_field.primary_key:
            continue
        if model_field.name in rows[0]:
            given.append(model_field)
            continue
        value = common[model_field.name] if model_field.name in common else model_field.get_default()
        if not hasattr(value, "resolve_expression"):  # an expression is a database default: left to it
            fixed.append((model_field, model_field.get_db_prep_save(value, connection)))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model_field.column) for model_field in [*given, *(f for f, _ in fixed)])
    sql = (
        f"INSERT INTO {quote(Programme._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * (len(given) + len(fixed)))})"
    )
    fixed_values = [value for _, value in fixed]
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [model_field.get_db_prep_save(values[model_field.name], connection) for model_field in given]
                + fixed_values
                for values in rows
            ],
        )


def _update_rows(rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Write newer versions over their rows, given as (key, values).

    The row's ``version`` moves on by one, as an edit's does, so that a form opened on the old version
    reports the change (``civicadopt.concurrency``).
    """
    quote = connection.ops.quote_name
    fields = [Programme._meta.get_field(name) for name in rows[0][1] if name != "opportunity_id"]
    updated_at = Programme._meta.get_field("updated_at")
    version = quote(Programme._meta.get_field("version").column)
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(Programme._meta.db_table)} SET {assignments}, {quote(updated_at.column)} = %s, "  # noqa: S608
        f"{version} = {version} + 1 WHERE {quote(Programme._meta.pk.column)} = %s"
    )
    now = updated_at.get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [field.get_db_prep_save(values[field.name], connection) for field in fields] + [now, pk]
                for pk, values in rows
            ],
        )


def _compare(new: str, old: str) -> int:
    """Return 1 when Version ``new`` is newer than ``old``, 0 when the same, -1 when older.

    Versions compare by their number (``Synopsis 10`` is newer than ``Synopsis 9``); one without a
    number counts as older than any with one.
    """
    if new == old:
        return 0
    new_number, old_number = version_number(new), version_number(old)
    new_key, old_key = (-1 if new_number is None else new_number), (-1 if old_number is None else old_number)
    return (new_key > old_key) - (new_key < old_key)


def _programme_values(opportunity: Opportunity) -> dict[str, Any]:
    return {
        "opportunity_id": opportunity.opportunity_id,
        "opportunity_number": opportunity.number,
        "source_version": opportunity.version,
        "funder": opportunity.agency_name or opportunity.agency_code,
        "agency_code": opportunity.agency_code,
        "name": opportunity.title,
        "kind": Kind.GRANT,
        "instruments": list(opportunity.instruments),
        "applicant_types": list(opportunity.applicant_types),
        "geography": "US",
        "categories": list(opportunity.funding_categories),
        "award_floor": opportunity.award_floor,
        "award_ceiling": opportunity.award_ceiling,
        "total_funding": opportunity.total_funding,
        "cost_sharing": bool(opportunity.cost_sharing),
        "opens": opportunity.posted,
        "closes": opportunity.closes,
        "rolling": opportunity.closes is None,
        "posted": opportunity.posted,
        "assistance_listings": list(opportunity.assistance_listings),
        "url": opportunity.url,
        "description": opportunity.description,
        "eligibility_notes": opportunity.eligibility_notes,
    }


def _too_long(opportunity: Opportunity, values: dict[str, Any]) -> list[RecordProblem]:
    problems = []
    for name, limit in _LIMITS.items():
        if limit is not None and len(values[name]) > limit:
            problems.append(
                RecordProblem(
                    opportunity.opportunity_id,
                    _TEXT_SOURCES[name],
                    f"is {len(values[name]):,} characters long; at most {limit:,} can be stored",
                    opportunity.line,
                )
            )
    if not values["funder"]:
        problems.append(
            RecordProblem(
                opportunity.opportunity_id,
                "AgencyName",
                "is missing (and so is AgencyCode)",
                opportunity.line,
            )
        )
    return problems
