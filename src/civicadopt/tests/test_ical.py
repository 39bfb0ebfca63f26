"""iCalendar files: exact output, folding at 75 octets, TEXT escaping, and hostile text kept as text."""

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt.ical import Event, calendar, escape_text, fold

STAMP = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)


def _unfold(data: bytes) -> list[str]:
    """Return the content lines of an iCalendar file (RFC 5545 3.1), checking its line endings."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\r" not in text.replace("\r\n", "") and "\n" not in text.replace("\r\n", "")
    return text[:-2].replace("\r\n ", "").split("\r\n")


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match[1] in "nN" else match[1], value)


def _events(data: bytes) -> list[dict[str, str]]:
    """Return each VEVENT's properties as name (with parameters) -> raw value."""
    events: list[dict[str, str]] = []
    for line in _unfold(data):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and "END:VEVENT" not in events[-1]:
            assert name not in events[-1], f"{name} twice in one event"
            events[-1][name] = value
        if line == "END:VEVENT":
            events[-1]["END:VEVENT"] = ""
    for event in events:
        del event["END:VEVENT"]
    return events


def test_a_known_calendar_byte_for_byte() -> None:
    events = [
        Event(uid="milestone-7@civicadopt", summary="Council decision", day=date(2026, 5, 5)),
        Event(
            uid="milestone-8@civicadopt",
            summary="Go live",
            day=date(2026, 12, 31),
            description="Portal opens; paper forms end",
            url="https://civicadopt.example/plans/3",
        ),
    ]
    assert calendar(events, name="Permitting portal", stamp=STAMP) == (
        b"BEGIN:VCALENDAR\r\n"
        b"VERSION:2.0\r\n"
        b"PRODID:-//Civic Adopt//EN\r\n"
        b"CALSCALE:GREGORIAN\r\n"
        b"METHOD:PUBLISH\r\n"
        b"X-WR-CALNAME:Permitting portal\r\n"
        b"BEGIN:VEVENT\r\n"
        b"UID:milestone-7@civicadopt\r\n"
        b"DTSTAMP:20260302T143000Z\r\n"
        b"DTSTART;VALUE=DATE:20260505\r\n"
        b"DTEND;VALUE=DATE:20260506\r\n"
        b"SUMMARY:Council decision\r\n"
        b"TRANSP:TRANSPARENT\r\n"
        b"END:VEVENT\r\n"
        b"BEGIN:VEVENT\r\n"
        b"UID:milestone-8@civicadopt\r\n"
        b"DTSTAMP:20260302T143000Z\r\n"
        b"DTSTART;VALUE=DATE:20261231\r\n"
        b"DTEND;VALUE=DATE:20270101\r\n"  # the exclusive end crosses the year
        b"SUMMARY:Go live\r\n"
        b"TRANSP:TRANSPARENT\r\n"
        b"DESCRIPTION:Portal opens\\; paper forms end\r\n"
        b"URL:https://civicadopt.example/plans/3\r\n"
        b"END:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )


def test_an_empty_calendar_is_still_a_calendar() -> None:
    assert _unfold(calendar([], name="Nothing yet", stamp=STAMP))[-2:] == [
        "X-WR-CALNAME:Nothing yet",
        "END:VCALENDAR",
    ]


def test_the_stamp_is_written_in_utc_and_must_be_aware() -> None:
    eastern = timezone(timedelta(hours=-5))
    data = calendar(
        [Event("a", "A", date(2026, 1, 1))], name="n", stamp=datetime(2026, 3, 2, 23, 15, tzinfo=eastern)
    )
    assert "DTSTAMP:20260303T041500Z" in _unfold(data)
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar([], name="n", stamp=datetime(2026, 3, 2, 12))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a\\b", "a\\\\b"),
        ("a;b,c", "a\\;b\\,c"),
        ("one\r\ntwo\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
        ("tab\tkept, bell\x07 and nul\x00 dropped", "tab\tkept\\, bell and nul dropped"),
        ("\\n is not a newline", "\\\\n is not a newline"),
    ],
)
def test_text_escaping(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_folding_at_exactly_75_octets() -> None:
    assert fold("X" * 75) == b"X" * 75 + b"\r\n"
    assert fold("X" * 76) == b"X" * 75 + b"\r\n X\r\n"
    assert fold("X" * 150) == b"X" * 75 + b"\r\n " + b"X" * 74 + b"\r\n X\r\n"


def test_folding_never_splits_a_multibyte_character() -> None:
    line = "SUMMARY:" + "市" * 40 + "🚦" * 20 + "é" * 30
    folded = fold(line)
    pieces = folded.split(b"\r\n")[:-1]
    assert len(pieces) > 3
    for piece in pieces:
        assert len(piece) <= 75
        piece.decode("utf-8")  # each physical line is valid UTF-8 on its own
    assert folded.decode("utf-8").replace("\r\n ", "")[:-2] == line


def test_crlf_in_a_summary_cannot_add_properties_or_events() -> None:
    hostile = "Launch\r\nATTENDEE:mailto:attacker@example.com\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Fake"
    data = calendar(
        [Event("a", hostile, date(2026, 5, 5), description=hostile)], name="Plan\r\nX-EVIL:1", stamp=STAMP
    )
    lines = _unfold(data)
    assert [line for line in lines if line.startswith(("ATTENDEE", "X-EVIL"))] == []
    assert lines.count("BEGIN:VEVENT") == 1
    [event] = _events(data)
    assert _unescape(event["SUMMARY"]) == hostile.replace("\r\n", "\n")
    assert _unescape(event["DESCRIPTION"]) == hostile.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"uid": " "}, "needs a UID"),
        ({"day": datetime(2026, 5, 5, 9)}, "must be a date"),
        ({"day": date.max}, "must be a date"),
        ({"url": "https://example.gov/a b"}, "URL"),
        ({"url": "https://example.gov/\r\nX-EVIL:1"}, "URL"),
        ({"url": "/relative/path"}, "URL"),
    ],
)
def test_events_are_checked(fields: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"uid": "a", "summary": "A", "day": date(2026, 5, 5), **fields}
    with pytest.raises(ValueError, match=message):
        Event(**values)  # type: ignore[arg-type]


@given(
    summary=st.text(max_size=200),
    description=st.text(max_size=200),
    name=st.text(max_size=100),
    day=st.dates(max_value=date(9999, 12, 30)),
)
def test_any_text_parses_back_and_every_line_fits(
    summary: str, description: str, name: str, day: date
) -> None:
    data = calendar([Event("uid-1", summary, day, description)], name=name, stamp=STAMP)
    for physical in data.split(b"\r\n")[:-1]:
        assert len(physical) <= 75
    [event] = _events(data)

    def expected(text: str) -> str:  # line breaks kept as \n, other controls but tab dropped
        return "\n".join(
            re.sub("[\x00-\x08\x0a-\x1f\x7f]", "", part) for part in re.split("\r\n|\r|\n", text)
        )

    assert _unescape(event["SUMMARY"]) == expected(summary)
    assert _unescape(event.get("DESCRIPTION", "")) == expected(description)
    assert event["DTSTART;VALUE=DATE"] == f"{day.year:04d}{day.month:02d}{day.day:02d}"
    assert _unfold(data)[5] == f"X-WR-CALNAME:{escape_text(name)}"
