"""Predecessors in Microsoft Project notation: ``3``, ``3FS+2``, ``4SS``, ``5FF-1``, ``2SF``, ``7FS+1.5``,
separated by ``;`` (or ``,``). Lags may be written with a ``d``/``day``/``days`` unit; other units
(weeks, elapsed days, percentages) are refused rather than guessed. Ids other than row numbers are
taken whole ("Access", "T-1"); their link type follows a space ("Access SS+2").
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from .network import LinkType

_LAG = r"(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d+)?)\s*(?:d|day|days)?)?"
# Row numbers, as Microsoft Project writes them: the link type may follow directly ("3FS+2").
_NUMERIC = re.compile(r"^\s*(?P<id>\d+)\s*(?P<type>FS|SS|FF|SF)?\s*" + _LAG + r"\s*$", re.IGNORECASE)
# Other ids ("Access", "T-1") are taken whole; a link type must be separated by a space ("Access SS+2").
# Microsoft Project style with a named id and the type attached ("ASS+2"): the id is as short as possible.
_ATTACHED = re.compile(
    r"^\s*(?P<id>[A-Za-z0-9_.\-]+?)\s*(?P<type>FS|SS|FF|SF)\s*" + _LAG + r"\s*$", re.IGNORECASE
)
_NAMED = re.compile(
    r"^\s*(?P<id>[A-Za-z0-9_.\-]+)(?:\s+(?P<type>FS|SS|FF|SF))?\s*" + _LAG + r"\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Predecessor:
    id: str
    type: LinkType = LinkType.FS
    lag: float = 0.0

    def __str__(self) -> str:
        return format_predecessor(self.id, self.type, self.lag)


def parse_predecessors(text: str, known: Collection[str] | None = None) -> list[Predecessor]:
    """Parse ``text``; raise ValueError saying which item is wrong and what is expected.

    With named ids, "ASS+2" could be task "A" start-to-start or task "ASS"; given the ``known`` ids, the
    reading whose id exists wins (the whole id first). Without them, the whole id is taken.
    """
    found: list[Predecessor] = []
    for raw in re.split(r"[;,]", text or ""):
        item = raw.strip()
        if not item:
            continue
        readings = [m for m in (_NUMERIC.match(item), _NAMED.match(item), _ATTACHED.match(item)) if m]
        if known is not None:
            readings = [m for m in readings if m["id"] in known] or readings
        match = readings[0] if readings else None
        if match is None:
            raise ValueError(
                f"'{item}' is not a predecessor: write the task number, then optionally the link type "
                "and lag, for example 3, 3FS+2, 4SS, 5FF-1 or 2SF."
            )
        lag = float(match["lag"]) if match["lag"] else 0.0
        if match["sign"] == "-":
            lag = -lag
        found.append(Predecessor(match["id"], LinkType((match["type"] or "FS").upper()), lag))
    ids = [p.id for p in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"Task {duplicates[0]} is listed more than once as a predecessor.")
    return found


def format_predecessor(task_id: str, type: LinkType | str, lag: float) -> str:
    """The notation for one link: FS without lag is just the id, as Microsoft Project writes it."""
    link = LinkType(type)
    gap = "" if task_id.isdigit() else " "
    if not lag:
        return task_id if link is LinkType.FS else f"{task_id}{gap}{link}"
    amount = format(Decimal(repr(abs(float(lag)))).normalize(), "f")
    return f"{task_id}{gap}{link}{'+' if lag > 0 else '-'}{amount}"
