"""The calendar's own content lines and line folding give icalendar's bytes, its typed
properties are what icalendar's ``add()`` makes, and readers unfold it back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline
from tests.conftest import SAMPLE

from confexport.context import Clock
from confexport.exporters.ics.calendar import assembled, calendar_entries
from confexport.exporters.ics.events import EventBuilder
from confexport.exporters.ics.folding import content_lines, fold, serialise
from confexport.exporters.ics.options import IcsOptions
from confexport.model import Conference
from confexport.reader import read_notes

#: Between them, every kind of property and component the exporter writes: alarms,
#: the HTML description, all-day events (the sample's untimed sessions), a day's list.
EVERY_PART = (
    IcsOptions(remind="10m", html_description=True),
    IcsOptions(remind="1h", html_description=True, untimed="summary"),
)

#: Characters that stress the rules: escapes' first characters, 2- to 4-octet UTF-8.
_TRICKY = st.sampled_from(["\\", "^", ";", ",", "a", " ", "é", "€", "😀", "\\n"])
_LINES = st.lists(st.one_of(_TRICKY, st.characters(exclude_characters="\r\n")), max_size=400)


@settings(max_examples=400, deadline=None)
@given(_LINES.map("".join))
@example("X" * 73 + "\\" + "n" * 100)  # an escape where the first piece ends
@example("X" * 72 + "€" + "Y" * 10)  # a character across the 74th octet
@example("\\" * 200)
@example("^" + "X" * 150)
@example("X" * 74)
@example("X" * 75)
def test_fold_gives_icalendars_bytes(line: str) -> None:
    assert fold(line) == Contentline(line).to_ical()


def test_pieces_stay_within_75_octets_and_unfold_to_the_line() -> None:
    line = "DESCRIPTION:" + "Ünïcödé \\, text; " * 40
    folded = fold(line)
    pieces = folded.split(b"\r\n")
    assert len(pieces) > 5
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    assert b"".join(piece.removeprefix(b" ") for piece in pieces).decode() == line


def test_serialise_equals_icalendars_to_ical() -> None:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "one@test")
    event.add("summary", "A title — with a long speaker list " * 5)
    event.add("description", "Line one\nline two; with, escapes\\ and ^carets^ " * 20)
    event.add("categories", ["talk", "keynote", "python"])
    calendar.add_component(event)
    assert serialise(calendar.content_lines()) == calendar.to_ical()


@pytest.fixture(scope="module", params=EVERY_PART, ids=("all-day", "summary"))
def sample_calendar(request: pytest.FixtureRequest) -> icalendar.Calendar:
    conference = read_notes(SAMPLE)
    clock = Clock(1644019200, from_environment=True)
    return assembled(conference, calendar_entries(conference, request.param, clock))


def test_content_lines_are_icalendars(sample_calendar: icalendar.Calendar) -> None:
    kinds = {component.name for component in sample_calendar.walk()}
    assert {"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VEVENT", "VALARM"} <= kinds
    assert content_lines(sample_calendar) == list(sample_calendar.content_lines())[:-1]
    assert serialise(content_lines(sample_calendar)) == sample_calendar.to_ical()


def test_content_lines_of_raw_and_parameter_values() -> None:
    event = icalendar.Event()
    event.add("summary", "Escapes; commas, and \\ backslashes\nand lines")
    event.add("x-alt-desc", "<p>a; b</p>", parameters={"FMTTYPE": "text/html", "X-A": "q:r"})
    event["X-RAW"] = "a string; as it is, set without a type"
    event.add("categories", ["one", "two, three"])
    event.add("attendee", "mailto:a@example.org", parameters={"CN": "Ann O'Neil"})
    assert content_lines(event) == list(event.content_lines())[:-1]


def _python_value(name: str, value: Any) -> Any:
    """What ``add()`` was given for a typed property the exporter set (an X- property's
    TEXT it types itself: ``add()`` would write a str as it is)."""
    if name.startswith("X-"):
        return icalendar.vText(str(value))
    if isinstance(value, icalendar.vCategory):
        return list(value.cats)
    if isinstance(value, (icalendar.vDDDTypes, icalendar.vDatetime)):
        return value.dt
    if isinstance(value, icalendar.vInt):
        return int(value)
    return str(value)


def test_typed_properties_are_what_add_makes(sample_calendar: icalendar.Calendar) -> None:
    """Each event's properties, set typed, serialise as ``add()`` of their Python value
    (with the parameters that ``add()`` does not infer) would: so setting them typed
    changes no byte."""
    events = list(sample_calendar.walk("VEVENT"))
    assert len(events) >= 3
    inferred = {"TZID", "VALUE"}
    for event in events:
        again = icalendar.Event()
        for name, value in event.property_items(recursive=False)[1:-1]:
            given = {k: v for k, v in value.params.items() if k not in inferred}
            again.add(name, _python_value(name, value), parameters=given or None)
        for alarm in event.subcomponents:
            again.add_component(alarm)
        assert again.to_ical() == event.to_ical(), event["UID"]


def test_an_event_sets_each_property_once(sample_calendar: icalendar.Calendar) -> None:
    for event in sample_calendar.walk("VEVENT"):
        assert not any(isinstance(value, list) for value in event.values())


def test_the_stamp_is_utc_as_add_makes_it() -> None:
    moment = dt.datetime(2022, 2, 5, 12, tzinfo=dt.UTC)
    builder = EventBuilder(Conference(title="T"), IcsOptions(), moment, True)
    added = icalendar.Event()
    added.add("dtstamp", moment)
    assert builder.stamped("u")["DTSTAMP"].to_ical() == added["DTSTAMP"].to_ical()
