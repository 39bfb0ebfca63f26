"""Predecessors in Microsoft Project notation: ``3``, ``3FS+2``, ``4SS``, ``5FF-1``, ``2SF``, ``7FS+1.5``,
separated by ``;`` (or ``,``). Lags may be written with a ``d``/``day``/``days`` unit; other units
(weeks, elapsed days, percentages) are refused rather than guessed.
"""

import re
from dataclasses import dataclass

from .network import LinkType

_ITEM = re.compile(
    r"""^\s*(?P<id>[A-Za-z0-9_.\-]+?)\s*
        (?P<type>FS|SS|FF|SF)?\s*
        (?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d+)?)\s*(?:d|day|days)?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Predecessor:
    id: str
    type: LinkType = LinkType.FS
    lag: float = 0.0

    def __str__(self) -> str:
        return format_predecessor(self.id, self.type, self.lag)


def parse_predecessors(text: str) -> list[Predecessor]:
    """Parse ``text``; raise ValueError saying which item is wrong and what is expected."""
    found: list[Predecessor] = []
    for raw in re.split(r"[;,]", text or ""):
        item = raw.strip()
        if not item:
            continue
        match = _ITEM.match(item)
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
    if not lag:
        return task_id if link is LinkType.FS else f"{task_id}{link}"
    amount = f"{abs(lag):g}"
    return f"{task_id}{link}{'+' if lag > 0 else '-'}{amount}"
