"""Sessionize, Indico (JSON and .ics) and mapped JSON/CSV schedules: read by content,
matched by the session pages the notes link, then by title."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confexport.reader import read_notes
from confexport.schedule import ScheduleError, merge, parse_schedule, read_schedule
from confexport.schedule.links import link_id
from tests.conftest import Run

SCHEDULES = Path(__file__).resolve().parent / "fixtures" / "schedules"
SESSIONIZE = SCHEDULES / "fixconf-sessionize.json"
INDICO = SCHEDULES / "fixconf-indico.json"
INDICO_ICS = SCHEDULES / "fixconf-indico.ics"
PYCONFR = SCHEDULES / "pyconfr-shaped.json"
OWN_CSV = SCHEDULES / "fixconf-own.csv"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = dt.UTC

#: Notes whose keynote is retitled (no title matches it) but links its page.
LINKED_NOTES = """---
timezone: Europe/Berlin
---
# Fixconf 2024

## Day 1

### Keynote: why we are here

[My session page]({link})

Notes.

### Rust for Pythonistas

Notes without a link.
"""


def _notes(tmp_path: Path, link: str, front: str = "") -> Path:
    path = tmp_path / "fixconf.md"
    text = LINKED_NOTES.format(link=link)
    path.write_text(text.replace("---\n", f"---\n{front}", 1), encoding="utf-8")
    return path


def _by_title(schedule_path: Path) -> dict[str, object]:
    return {session.title: session for session in read_schedule(schedule_path).sessions}


# Sessionize ---------------------------------------------------------------------------


def test_sessionize_all_data_gives_times_rooms_tracks_kinds_and_speakers() -> None:
    sessions = read_schedule(SESSIONIZE).sessions
    keynote, rust, packaging, owls = sessions
    assert keynote.title == "Opening Keynote"
    assert keynote.start == dt.datetime(2024, 3, 30, 9, 0)  # local, no offset in Sessionize
    assert keynote.end == dt.datetime(2024, 3, 30, 9, 45)
    assert (keynote.room, keynote.track, keynote.kind) == ("Hall A", "Main", "Keynote")
    assert keynote.speakers == ("Ada Lovelace",)
    assert keynote.link_id == link_id("https://sessionize.com/s/ada/opening-keynote/610001")
    # a speaker with an empty fullName is named by first and last name
    assert rust.speakers == ("Grace Hopper", "Guido van Rossum")
    assert (packaging.room, packaging.track) == ("Room 2", "Tooling")
    assert (owls.kind, owls.speakers, owls.link_id) == ("service", (), None)


def test_a_sessionize_link_matches_a_retitled_session_and_times_take_the_notes_zone(
    tmp_path: Path,
) -> None:
    notes = _notes(tmp_path, "https://sessionize.com/s/ada-lovelace/opening-keynote/610001")
    conference = read_notes(notes, sources=None)
    merged, report = merge(conference, read_schedule(SESSIONIZE))
    keynote, rust = merged.talks
    assert keynote.start == dt.datetime(2024, 3, 30, 9, 0, tzinfo=BERLIN)
    assert (keynote.room, keynote.speakers) == ("Hall A", ("Ada Lovelace",))
    assert rust.speakers == ("Grace Hopper", "Guido van Rossum")  # by title
    unmatched = [session.title for session in report.unmatched_schedule]
    assert unmatched == ["Packaging; the Hard Parts", "Night Owls"]


@pytest.mark.parametrize(
    "url",
    [
        "https://sessionize.com/s/ada-lovelace/opening-keynote/610001",
        "https://sessionize.com/fixconf-2024/session/610001/",
        "http://www.sessionize.com/s/ada/x/610001?utm=1",
    ],
)
def test_sessionize_session_pages_name_the_session(url: str) -> None:
    assert link_id(url) == "sessionize:610001"


@pytest.mark.parametrize(
    "url",
    ["https://sessionize.com/fixconf-2024/", "https://example.org/s/ada/x/610001", None],
)
def test_other_links_name_no_session(url: str | None) -> None:
    assert link_id(url) is None


# Indico -------------------------------------------------------------------------------


def test_indico_json_gives_zoned_times_rooms_and_first_last_speakers() -> None:
    schedule = read_schedule(INDICO)
    assert (schedule.title, schedule.timezone) == ("Fixconf 2024", "Europe/Zurich")
    keynote, rust, packaging, owls = schedule.sessions
    assert keynote.start == dt.datetime(2024, 3, 30, 8, 0, tzinfo=UTC)
    assert keynote.end == dt.datetime(2024, 3, 30, 8, 45, tzinfo=UTC)
    assert (keynote.room, keynote.track, keynote.kind) == ("Main Auditorium", "Main", "Keynote")
    assert keynote.url == "https://indico.example.org/event/4242/contributions/9001/"
    # "van Rossum, Guido" (Indico's fullName) is turned round when no first/last name
    assert rust.speakers == ("Grace Hopper", "Guido van Rossum")
    assert packaging.room == "Council Chamber"  # roomFullname when room is empty
    assert packaging.start == dt.datetime(2024, 3, 31, 8, 0, tzinfo=UTC)  # summer time
    assert owls.end is not None and owls.start is not None
    length = owls.end.astimezone(UTC) - owls.start.astimezone(UTC)
    assert length == dt.timedelta(hours=1)  # 01:30 CET to 03:30 CEST


def test_an_indico_contribution_link_matches_and_fills_the_talk_page(tmp_path: Path) -> None:
    notes = _notes(tmp_path, "https://indico.example.org/event/4242/contributions/9001/")
    merged, report = merge(read_notes(notes), read_schedule(INDICO))
    keynote = merged.talks[0]
    assert keynote.start == dt.datetime(2024, 3, 30, 9, 0, tzinfo=BERLIN)
    assert keynote.speakers == ("Ada Lovelace",)
    assert [uid for uid, _ in report.matched] == [talk.uid for talk in merged.talks]


def test_a_link_to_another_indico_host_does_not_match(tmp_path: Path) -> None:
    notes = _notes(tmp_path, "https://indico.elsewhere.org/event/4242/contributions/9001/")
    _, report = merge(read_notes(notes), read_schedule(INDICO))
    assert [talk.title for talk in report.unmatched_notes] == ["Keynote: why we are here"]


def test_indico_ics_keeps_dashes_in_titles_and_matches_by_url(tmp_path: Path) -> None:
    titles = list(_by_title(INDICO_ICS))
    assert titles[1] == "Rust for Pythonistas - a Field Guide"  # not split as pretalx's
    notes = _notes(tmp_path, "https://indico.example.org/event/4242/contributions/9001")
    merged, _ = merge(read_notes(notes), read_schedule(INDICO_ICS))
    assert merged.talks[0].start == dt.datetime(2024, 3, 30, 9, 0, tzinfo=BERLIN)
    assert merged.talks[0].room == "Main Auditorium (500/1-001)"


# Detection by content -----------------------------------------------------------------


@pytest.mark.parametrize("source", [SESSIONIZE, INDICO, INDICO_ICS], ids=lambda p: p.name)
def test_the_format_is_found_from_the_content_not_the_name(source: Path, tmp_path: Path) -> None:
    misnamed = tmp_path / "schedule.xml"
    shutil.copy(source, misnamed)
    assert [s.title for s in read_schedule(misnamed).sessions] == list(_by_title(source))


def test_a_json_of_unknown_shape_points_to_schedule_fields(tmp_path: Path) -> None:
    with pytest.raises(ScheduleError, match="schedule-fields"):
        read_schedule(PYCONFR)


# Mapped JSON and CSV ------------------------------------------------------------------

PYCONFR_NOTES = """---
title: Fixconf FR 2024
schedule: pyconfr-shaped.json
schedule-fields:
  sessions: talks
  title: name
  start: begins_at
  end: ends_at
  room: room.name
  speakers: speakers.name
  track: category
  abstract: summary
---
# Fixconf FR 2024

## Jeudi 31 octobre 2024

### Typer son code Python sans douleur

Mes notes.
"""


def test_a_pyconfr_shaped_json_is_read_through_schedule_fields(tmp_path: Path) -> None:
    shutil.copy(PYCONFR, tmp_path / PYCONFR.name)
    notes = tmp_path / "pyconfr.md"
    notes.write_text(PYCONFR_NOTES, encoding="utf-8")
    talk = read_notes(notes).talks[0]
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert talk.start == dt.datetime(2024, 10, 31, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert talk.start.astimezone(paris).hour == 10
    assert (talk.room, talk.track) == ("Salle 5", "Conférence")
    assert talk.speakers == ("Émilie du Châtelet", "Blaise Pascal")
    assert talk.abstract == "Les annotations de types, pas à pas."


def test_a_csv_schedule_with_its_own_columns(tmp_path: Path) -> None:
    fields = {"title": "Session", "date": "Day", "start": "From", "end": "To",
              "room": "Where", "speakers": "Who"}  # fmt: skip
    keynote, rust, packaging = read_schedule(OWN_CSV, fields).sessions
    assert keynote.start == dt.datetime(2024, 3, 30, 9, 0)
    assert rust.speakers == ("Grace Hopper", "Guido van Rossum")
    assert (packaging.title, packaging.room) == ("Packaging; the Hard Parts", "Room 2")
    assert packaging.end == dt.datetime(2024, 3, 31, 11, 0)


# check --schedule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "link"),
    [
        (SESSIONIZE, "https://sessionize.com/s/ada-lovelace/opening-keynote/610001"),
        (INDICO, "https://indico.example.org/event/4242/contributions/9001/"),
        (INDICO_ICS, "https://indico.example.org/event/4242/contributions/9001/"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else "",
)
def test_check_reads_each_new_format(schedule: Path, link: str, tmp_path: Path, run: Run) -> None:
    code, out, err = run("check", _notes(tmp_path, link), "--schedule", schedule)
    assert code == 0, err
    assert "Keynote: why we are here' is not in the schedule" not in err
    assert "no problem(s) in 2 sessions" in out


# Any value in any field: read, or one ScheduleError ----------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
SESSIONIZE_DOC = json.loads(SESSIONIZE.read_text(encoding="utf-8"))
INDICO_DOC = json.loads(INDICO.read_text(encoding="utf-8"))
PYCONFR_DOC = json.loads(PYCONFR.read_text(encoding="utf-8"))
PYCONFR_FIELDS = {"sessions": "talks", "title": "name", "start": "begins_at", "end": "ends_at",
                  "room": "room.name", "speakers": "speakers.name"}  # fmt: skip


def _read_or_refuse(document: object, fields: dict[str, str] | None = None) -> None:
    """Read, with text titles and speakers, or refused with a ScheduleError (one line)."""
    try:
        schedule = parse_schedule(json.dumps(document).encode("utf-8"), "their.json", fields)
    except ScheduleError as refused:
        assert "\n" not in str(refused)
        return
    for session in schedule.sessions:
        assert isinstance(session.title, str) and session.title
        assert all(isinstance(name, str) and name for name in session.speakers)


@given(st.sampled_from(sorted(SESSIONIZE_DOC["sessions"][0])), JSON_VALUES, st.booleans())
def test_any_value_in_a_sessionize_field_is_read_or_refused(
    field: str, value: object, in_speaker: bool
) -> None:
    document = copy.deepcopy(SESSIONIZE_DOC)
    target = document["speakers"][0] if in_speaker else document["sessions"][0]
    target[field if not in_speaker else "fullName"] = value
    _read_or_refuse(document)


@given(st.sampled_from(sorted(INDICO_DOC["results"][0]["contributions"][0])), JSON_VALUES)
def test_any_value_in_an_indico_field_is_read_or_refused(field: str, value: object) -> None:
    document = copy.deepcopy(INDICO_DOC)
    document["results"][0]["contributions"][0][field] = value
    _read_or_refuse(document)


@given(st.sampled_from(sorted(PYCONFR_DOC["talks"][0])), JSON_VALUES)
def test_any_value_in_a_mapped_field_is_read_or_refused(field: str, value: object) -> None:
    document = copy.deepcopy(PYCONFR_DOC)
    document["talks"][0][field] = value
    _read_or_refuse(document, PYCONFR_FIELDS)
