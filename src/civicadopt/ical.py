"""iCalendar (RFC 5545) files of all-day events: plan milestones now, grant deadlines later.

A file written here can be subscribed to or imported by Outlook, Google Calendar and Apple Calendar, so
that a council's dates sit beside everyone's meetings. It is written by hand rather than with a library
because the subset is small and the rules that matter for safety are few and exact:

- every line ends in CRLF and is folded at 75 octets, never inside a UTF-8 character (section 3.1);
- TEXT values escape backslash, semicolon, comma and line breaks (section 3.3.11), so text from users
  cannot end a line and start a property of its own (a summary holding ``\\r\\nATTENDEE:...`` stays text);
- an all-day event is ``DTSTART;VALUE=DATE`` with ``DTEND`` the next day, the end being exclusive
  (section 3.6.1);
- ``DTSTAMP`` is in UTC and comes from the caller: nothing here reads the clock, so output is reproducible.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_LINE_OCTETS = 75  # RFC 5545 3.1: "Lines of text SHOULD NOT be longer than 75 octets"
# Controls other than tab are not allowed in TEXT (RFC 5545 3.3.11, "TSAFE-CHAR"); line breaks are
# escaped before this applies.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_LINE_BREAK = re.compile("\r\n|\r|\n")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f\"<>\\^`{|}]+")


def escape_text(value: str) -> str:
    """Return ``value`` as an RFC 5545 TEXT value: escaped, one line, without control characters."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", _LINE_BREAK.sub("\\\\n", escaped))


def fold(line: str) -> bytes:
    """Return one content line as UTF-8, folded into pieces of at most 75 octets, each ending in CRLF.

    A continuation starts with a space, which counts towards its 75 octets; a character is never split
    across pieces, so each piece is valid UTF-8 on its own.
    """
    pieces: list[bytes] = []
    current = bytearray()
    for character in line:
        encoded = character.encode("utf-8")
        if len(current) + len(encoded) > _LINE_OCTETS:
            pieces.append(bytes(current))
            current = bytearray(b" ")
        current += encoded
    pieces.append(bytes(current))
    return b"".join(piece + b"\r\n" for piece in pieces)


@dataclass(frozen=True)
class Event:
    """One all-day event. ``uid`` must stay the same across exports, so calendars update, not duplicate."""

    uid: str
    summary: str
    day: date
    description: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.uid, str) or not self.uid.strip():
            raise ValueError("An event needs a UID")
        if not isinstance(self.day, date) or isinstance(self.day, datetime) or self.day == date.max:
            raise ValueError(f"Event {self.uid}: the day must be a date (without a time) before 9999-12-31")
        if not isinstance(self.summary, str) or not isinstance(self.description, str):
            raise ValueError(f"Event {self.uid}: the summary and description must be text")
        if self.url and not _URI.fullmatch(self.url):
            raise ValueError(f"Event {self.uid}: the URL must be an absolute address without spaces")


def _date_value(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"  # strftime drops leading zeros of early years


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("The stamp must be a timezone-aware datetime")
    utc = moment.astimezone(UTC)
    return f"{_date_value(utc)}T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"


def calendar(
    events: Sequence[Event], *, name: str, stamp: datetime, product: str = "-//Civic Adopt//EN"
) -> bytes:
    """Return an iCalendar file of all-day ``events``, named ``name``, stamped at ``stamp`` (aware)."""
    dtstamp = _stamp(stamp)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(product)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{_date_value(event.day)}",
            f"DTEND;VALUE=DATE:{_date_value(event.day + timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
            "TRANSP:TRANSPARENT",  # a deadline does not make anyone busy
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
