"""The calendar's own line folding gives icalendar's bytes, and readers unfold it back."""

from __future__ import annotations

import icalendar
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from confexport.exporters.ics.folding import fold, serialise

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
