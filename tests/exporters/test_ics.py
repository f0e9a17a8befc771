"""The iCalendar exporter, checked by re-parsing (icalendar, vobject) and by khal."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

import confexport
from confexport.errors import ExportError, OptionsError
from confexport.exporter import load_exporter, parse_options
from confexport.exporters.ics import IcsExporter, IcsOptions, calendar_bytes
from confexport.model import Conference, Day, Talk
from confexport.reader import MetadataSources, read_notes

ROOT = Path(__file__).resolve().parents[2]
SCHEDULES = ROOT / "tests" / "fixtures" / "schedules"
FIXCONF_NOTES = (SCHEDULES / "fixconf.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
EPOCH = "1700000000"
UTC = dt.UTC


@pytest.fixture(autouse=True)
def fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def export(conference: Conference, **options: str) -> bytes:
    output = confexport.export(conference, "ics", **options)  # shared options too
    assert isinstance(output, bytes)
    return output


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    assert isinstance(calendar, icalendar.Calendar)
    return calendar


def events(data: bytes) -> list[icalendar.Event]:
    return list(parse(data).walk("VEVENT"))


def vobject_check(data: bytes) -> vobject.base.Component:
    calendar = vobject.readOne(data.decode("utf-8"))
    assert calendar.validate(raiseException=True)
    return calendar


def check_format_rules(data: bytes) -> None:
    """CRLF only, no line over 75 octets, nothing but VCALENDAR at the top level."""
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"\r" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    assert lines.count(b"BEGIN:VCALENDAR") == 1


# --- khal ---------------------------------------------------------------------------


KhalList = Callable[..., tuple[str, str]]


@pytest.fixture(scope="module")
def khal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KhalList]:
    """Import an .ics into a fresh khal calendar and list a range of days."""
    program = BIN / "khal"
    assert program.exists(), "khal is part of the test extra: pip install -e '.[test]'"
    counter = iter(range(1000))

    def run(ics: Path, start: str, days: str, zone: str) -> tuple[str, str]:
        home = tmp_path_factory.mktemp(f"khal{next(counter)}")
        (home / "cal").mkdir()
        config = home / "config"
        config.write_text(
            f"[calendars]\n[[notes]]\npath = {home / 'cal'}\ntype = calendar\n"
            f"[locale]\nlocal_timezone = {zone}\ndefault_timezone = {zone}\n"
            "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"[sqlite]\npath = {home / 'khal.db'}\n",
            encoding="utf-8",
        )
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home)}
        base = [str(program), "-c", str(config)]
        imported = subprocess.run(
            [*base, "import", "--batch", "-a", "notes", str(ics)],
            capture_output=True, text=True, env=env, check=True, timeout=60,
        )  # fmt: skip
        listed = subprocess.run(
            [*base, "list", "--day-format", "", "--format", "{start} {end} {title}", start, days],
            capture_output=True, text=True, env=env, check=True, timeout=60,
        )  # fmt: skip
        return listed.stdout, imported.stderr + listed.stderr

    yield run


# --- the sample -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_ics() -> bytes:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    return export(read_notes(ROOT / "pycascades-2022.md"))


def test_sample_parses_and_validates(sample_ics: bytes, sample: Conference) -> None:
    check_format_rules(sample_ics)
    vobject_check(sample_ics)
    found = events(sample_ics)
    assert len(found) == len(sample.talks) == 18
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids)
    for talk in sample.talks:
        if talk.code:
            assert sum(talk.code in uid for uid in uids) == 1, talk.code


def test_sample_times(sample_ics: bytes) -> None:
    found = {str(event["UID"]).split("-")[0]: event for event in events(sample_ics)}
    tests = found["UVFAMG"]
    start = tests.decoded("DTSTART")
    assert start == dt.datetime(2022, 2, 5, 16, 30, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert start.astimezone(UTC) == dt.datetime(2022, 2, 6, 0, 30, tzinfo=UTC)
    assert tests["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert tests.decoded("DTEND") - start == dt.timedelta(minutes=30)  # the default duration
    assert str(tests["LOCATION"]) == "Main Stage"
    assert str(tests["SUMMARY"]) == "Tests as Classifiers — Moshe Zadka"
    welcome = found["MVLLML"]
    assert welcome.decoded("DTSTART") == dt.date(2022, 2, 5)
    assert welcome.decoded("DTEND") == dt.date(2022, 2, 6)
    assert str(welcome["TRANSP"]) == "TRANSPARENT"
    assert str(welcome["LOCATION"]) == "Online"
    assert found["XFUZCM"].decoded("DTSTART") == dt.date(2022, 2, 6)


def test_sample_calendar_properties(sample_ics: bytes) -> None:
    calendar = parse(sample_ics)
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "PyCascades 2022"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Los_Angeles"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in sample_ics
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(zone["TZID"]) for zone in zones] == ["America/Los_Angeles"]
    assert b"COMMENT" not in sample_ics
    for event in calendar.walk("VEVENT"):
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.decoded("SEQUENCE") == 0
        assert event.decoded("DTSTAMP") == dt.datetime.fromtimestamp(int(EPOCH), UTC)
        assert event.decoded("LAST-MODIFIED") == dt.datetime.fromtimestamp(int(EPOCH), UTC)


def test_sample_description_holds_abstract_notes_and_link(sample_ics: bytes) -> None:
    by_uid = {str(event["UID"]).split("-")[0]: event for event in events(sample_ics)}
    text = str(by_uid["ESCJLQ"]["DESCRIPTION"])
    assert text.startswith("Learn how one can write efficient APIs")
    assert "My notes:\nPresenter's Twitter: https://twitter.com/BishtPradhvan" in text
    assert "\n- https://apiblueprint.org/\n- https://raml.org/\n" in text
    assert text.endswith("\n\nhttps://pretalx.com/pycascades-2022/talk/ESCJLQ/")
    assert [str(c) for c in by_uid["ESCJLQ"]["CATEGORIES"].cats] == ["talk"]
    assert str(by_uid["FP87MV"]["DESCRIPTION"]).startswith("(not attended)")


def test_khal_shows_the_sample_at_local_times(
    sample_ics: bytes, tmp_path: Path, khal: KhalList
) -> None:
    path = tmp_path / "pycascades-2022.ics"
    path.write_bytes(sample_ics)
    listing, stderr = khal(path, "2022-02-05", "2d", "America/Los_Angeles")
    assert stderr == ""
    lines = listing.splitlines()
    assert "2022-02-05 16:30 2022-02-05 17:00 Tests as Classifiers — Moshe Zadka" in lines
    assert sum(line.startswith("2022-02-05 2022-02-05 ") for line in lines) == 13
    assert sum(line.startswith("2022-02-06 2022-02-06 ") for line in lines) == 4


def test_make_demo_style_build_is_byte_identical(sample_dir: Path, tmp_path: Path) -> None:
    outputs = []
    for run, seed in enumerate(("1", "2")):
        out = tmp_path / f"out{run}"
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        subprocess.run(
            [str(BIN / "confexport"), "build", str(sample_dir / "pycascades-2022.md"),
             "-t", "ics", "-o", str(out), "-q"],
            check=True, env=env, capture_output=True, timeout=60,
        )  # fmt: skip
        outputs.append((out / "pycascades-2022.ics").read_bytes())
    assert outputs[0] == outputs[1]
    assert b"DTSTAMP:20231114T221320Z" in outputs[0]


def test_without_source_date_epoch_the_stamp_is_still_fixed(
    sample: Conference, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    first = export(sample)
    assert first == export(sample)
    assert b"DTSTAMP:20220206T120000Z" in first  # noon UTC of the conference's last day
    assert b"LAST-MODIFIED" not in first


def test_re_export_after_editing_keeps_every_uid(sample_dir: Path) -> None:
    notes = sample_dir / "pycascades-2022.md"
    before = {str(e["SUMMARY"]): str(e["UID"]) for e in events(export(read_notes(notes)))}
    text = notes.read_text(encoding="utf-8")
    text = text.replace("Think of test (suites) as classifiers", "Tests: classifiers!\n\n* new")
    text = text.replace("A huge welcome to everyone", "A warm welcome to all")
    text += "\n## A session added later\n\nMore notes.\n"
    notes.write_text(text, encoding="utf-8")
    after = {str(e["SUMMARY"]): str(e["UID"]) for e in events(export(read_notes(notes)))}
    assert len(after) == len(before) + 1
    for summary, uid in before.items():
        assert after[summary] == uid


# --- options ------------------------------------------------------------------------


def test_remind_adds_an_alarm_to_timed_events_only(sample: Conference) -> None:
    data = export(sample, remind="10m")
    vobject_check(data)
    with_alarm = [e for e in events(data) if e.walk("VALARM")]
    assert [str(e["SUMMARY"]) for e in with_alarm] == ["Tests as Classifiers — Moshe Zadka"]
    (alarm,) = with_alarm[0].walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(minutes=10)
    assert str(alarm["ACTION"]) == "DISPLAY"


def test_attended_only_leaves_out_skipped_sessions(sample: Conference) -> None:
    summaries = [str(e["SUMMARY"]) for e in events(export(sample, attended_only="true"))]
    assert len(summaries) == 17
    assert not any(s.startswith("Literature Text Translation") for s in summaries)


def test_pretalx_uids(sample: Conference) -> None:
    uids = {str(e["UID"]) for e in events(export(sample, uid="pretalx"))}
    assert "pretalx-pycascades-2022-UVFAMG@pretalx.com" in uids
    assert "ama-with-brett-cannon-pycascades-2022@confexport" in uids  # no code: our own
    assert len(uids) == 18


def test_duration_and_sequence(sample: Conference) -> None:
    (tests,) = [
        e for e in events(export(sample, duration="45", sequence="3")) if "UVFAMG" in e["UID"]
    ]
    assert tests.decoded("DTEND") - tests.decoded("DTSTART") == dt.timedelta(minutes=45)
    assert tests.decoded("SEQUENCE") == 3


@pytest.mark.parametrize(
    ("key", "value"),
    [("remind", "soon"), ("duration", "0"), ("uid", "random"), ("sequence", "-1")],
)
def test_bad_options_are_usage_errors(key: str, value: str) -> None:
    with pytest.raises(OptionsError):
        parse_options(IcsExporter, {key: value})


NOWHERE_NOTES = """\
---
title: Nowhere Conf
start: 2024-06-10
timezone: Europe/Berlin
sessions:
  a-talk-in-a-room: {room: Hall B}
---
# Nowhere Conf

## 10:00 A talk with no room

Notes.

## 11:00 A talk in a room

More notes.
"""


def test_no_room_and_no_location_writes_no_location(
    write_notes: Callable[[str, str], Path], tmp_path: Path, khal: KhalList
) -> None:
    conference = read_notes(write_notes(NOWHERE_NOTES, "nowhere.md"))
    data = export(conference)
    check_format_rules(data)
    vobject_check(data)
    by_summary = {str(e["SUMMARY"]): e for e in events(data)}
    assert "LOCATION" not in by_summary["A talk with no room"]
    assert str(by_summary["A talk in a room"]["LOCATION"]) == "Hall B"
    path = tmp_path / "nowhere.ics"
    path.write_bytes(data)
    listing, stderr = khal(path, "2024-06-10", "1d", "Europe/Berlin")
    assert stderr == "" and "A talk with no room" in listing


# --- time zones and schedules -------------------------------------------------------

LONDON_NOTES = """\
---
title: London Python Day
start: 2024-06-10
timezone: Europe/London
location: Conway Hall, London
---
# London Python Day

## 10:00–10:45 Opening keynote

Notes.

## Afternoon talk

## Lunch

## 23:45 Late session

Runs past midnight with the default duration.
"""


def test_europe_london_is_named_and_described(
    write_notes: Callable[[str, str], Path], tmp_path: Path, khal: KhalList
) -> None:
    conference = read_notes(write_notes(LONDON_NOTES, "london.md"))
    data = export(conference)
    check_format_rules(data)
    vobject_check(data)
    assert b"DTSTART;TZID=Europe/London:20240610T100000\r\n" in data
    assert b"TZID:GMT" not in data and b"TZID=GMT" not in data
    (zone,) = parse(data).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    names = {
        str(part["TZNAME"]): part for part in zone.walk() if part.name in ("STANDARD", "DAYLIGHT")
    }
    assert names["BST"].name == "DAYLIGHT" and names["GMT"].name == "STANDARD"
    assert names["BST"]["TZOFFSETTO"].td == dt.timedelta(hours=1)
    by_summary = {str(e["SUMMARY"]): e for e in events(data)}
    keynote = by_summary["Opening keynote"]
    assert keynote.decoded("DTSTART").astimezone(UTC) == dt.datetime(2024, 6, 10, 9, tzinfo=UTC)
    assert str(keynote["LOCATION"]) == "Conway Hall, London"
    late = by_summary["Late session"]
    assert late.decoded("DTEND").astimezone(UTC) == dt.datetime(2024, 6, 10, 23, 15, tzinfo=UTC)
    # vobject resolves the TZID through the VTIMEZONE block, not the zone database
    vevents = vobject_check(data).vevent_list
    opening = next(e for e in vevents if e.summary.value == "Opening keynote")
    assert opening.dtstart.value.utcoffset() == dt.timedelta(hours=1)
    path = tmp_path / "london.ics"
    path.write_bytes(data)
    listing, stderr = khal(path, "2024-06-10", "2d", "UTC")
    assert stderr == ""
    assert "2024-06-10 09:00 2024-06-10 09:45 Opening keynote" in listing.splitlines()
    assert "2024-06-10 22:45 2024-06-10 23:15 Late session" in listing.splitlines()


@pytest.mark.parametrize(
    ("schedule", "zone", "keynote_utc", "packaging_utc"),
    [
        ("fixconf-2022-generation.json", "Europe/Berlin", "2024-03-30 08:00", "2024-03-31 08:00"),
        ("fixconf-current.json", "Australia/Sydney", "2024-04-05 22:00", "2024-04-07 00:00"),
        ("fixconf.xml", "Europe/London", "2024-03-30 09:00", "2024-03-31 09:00"),
    ],
)
def test_schedule_option_merges_and_khal_agrees(
    schedule: str,
    zone: str,
    keynote_utc: str,
    packaging_utc: str,
    write_notes: Callable[[str, str], Path],
    tmp_path: Path,
    khal: KhalList,
) -> None:
    sources = MetadataSources(schedule=SCHEDULES / schedule)
    conference = read_notes(write_notes(FIXCONF_NOTES, "fixconf.md"), sources=sources)
    data = export(conference)
    check_format_rules(data)
    vobject_check(data)
    found = {str(e["SUMMARY"]).split(" — ")[0]: e for e in events(data)}
    assert found["Opening Keynote"]["DTSTART"].params["TZID"] == zone
    assert str(found["Rust for Pythonistas"]["SUMMARY"]).endswith("Grace Hopper, Guido van Rossum")
    assert str(found["Rust for Pythonistas"]["LOCATION"]) == "Room 2"
    assert (
        "Hallway track" in found
        and found["Hallway track"].decoded("DTSTART")
        == found["Packaging; the Hard Parts"].decoded("DTSTART").date()
    )  # untimed: all day on its day's date, which the schedule gave
    path = tmp_path / "fixconf.ics"
    path.write_bytes(data)
    listing, stderr = khal(path, keynote_utc[:10], "3d", "UTC")
    assert stderr == ""
    lines = listing.splitlines()
    assert any(line.startswith(f"{keynote_utc} ") and "Opening Keynote" in line for line in lines)
    assert any(line.startswith(f"{packaging_utc} ") and "Packaging" in line for line in lines)


def test_no_date_is_an_error_saying_what_to_do(
    write_notes: Callable[[str, str], Path],
) -> None:
    conference = read_notes(write_notes("# Conf\n\n## Talk one\n\nnotes\n", "nodate.md"))
    with pytest.raises(ExportError) as caught:
        export(conference)
    message = str(caught.value)
    assert "nodate.md" in message
    for hint in ("'start:'", "'timezone:'", "--schedule"):
        assert hint in message


def test_no_date_exits_1_from_the_cli(write_notes: Callable[[str, str], Path]) -> None:
    notes = write_notes("# Conf\n\n## Talk one\n\nnotes\n", "nodate.md")
    done = subprocess.run(
        [str(BIN / "confexport"), "build", str(notes), "-t", "ics", "-o", str(notes.parent / "o")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "no session has a date" in done.stderr
    assert not (notes.parent / "o" / "nodate.ics").exists()


def test_floating_times_without_a_zone(
    write_notes: Callable[[str, str], Path], caplog: pytest.LogCaptureFixture
) -> None:
    notes = "---\nstart: 2024-05-01\n---\n# Conf\n\n## 14:00 A talk\n\nnotes\n"
    data = export(read_notes(write_notes(notes, "floating.md")))
    vobject_check(data)
    assert b"DTSTART:20240501T140000\r\n" in data and b"VTIMEZONE" not in data
    assert any("floating" in r.getMessage() for r in caplog.records)


# --- hostile text -------------------------------------------------------------------

INJECTION = "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected\nSUMMARY:x"


def hostile_conference() -> Conference:
    long_line = "word;, " * 300  # 2,100 characters on one line
    talks = (
        Talk(uid="one", title=f"Title; with, commas {INJECTION}", speakers=(INJECTION,)),
        Talk(
            uid="two",
            title="BEGIN:VEVENT",
            notes=f"{long_line}\n\n```\nEND:VEVENT\nBEGIN:VEVENT\nUID:x\n```\n\n{INJECTION}",
            abstract="line\u2028BEGIN:VCALENDAR\u0085END:VCALENDAR\x00\x1b[31m",
            room="Room;1,\nLOCATION:elsewhere",
            track="a,b;c",
            url="https://example.org/x\r\nUID:evil",
        ),
        Talk(
            uid="three",
            title="x" * 2000,
            start=dt.datetime(2024, 5, 1, 9, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),
            kind="talk\nBEGIN:VALARM",
        ),
    )
    return Conference(
        title="Conf\r\nX-INJECTED:1",
        subtitle="sub\nMETHOD:CANCEL",
        timezone="Europe/Berlin",
        days=(Day(title="Day", date=dt.date(2024, 5, 1), talks=talks),),
    )


def test_hostile_text_gives_exactly_one_event_each(tmp_path: Path, khal: KhalList) -> None:
    data = export(hostile_conference())
    check_format_rules(data)
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == lines.count(b"END:VEVENT") == 3
    assert not any(
        line.startswith((b"UID:injected", b"X-INJECTED", b"METHOD:CANCEL")) for line in lines
    )
    assert not any(line.startswith(b"UID:evil") for line in lines)
    found = events(data)
    assert [str(e["UID"]).split("-")[0] for e in found] == ["one", "two", "three"]
    assert str(found[0]["SUMMARY"]).startswith("Title; with, commas Evil END:VEVENT BEGIN:VEVENT")
    assert "\n" not in str(found[0]["SUMMARY"])
    assert "URL" not in found[1]
    assert str(found[1]["LOCATION"]) == "Room;1, LOCATION:elsewhere"
    assert "x" * 2000 in str(found[2]["SUMMARY"])
    assert len(vobject_check(data).vevent_list) == 3
    path = tmp_path / "hostile.ics"
    path.write_bytes(data)
    listing, stderr = khal(path, "2024-05-01", "1d", "Europe/Berlin")
    assert stderr == ""
    assert len(listing.splitlines()) == 3


def test_hostile_notes_from_markdown(write_notes: Callable[[str, str], Path]) -> None:
    title = "Talk; one, BEGIN:VEVENT END:VCALENDAR " + "y" * 2000
    notes = (
        "---\nstart: 2024-05-01\ntimezone: Europe/Berlin\nsessions:\n"
        '  talk-two:\n    title: "Two\\nBEGIN:VEVENT\\nUID:x"\n    speakers: ["A\\nB;C"]\n---\n'
        f"# Conf\n\n## {title}\n\nBEGIN:VEVENT\nEND:VEVENT\n\n## Talk two\n\n"
        "<script>alert(1)</script>\n\n    BEGIN:VCALENDAR\n"
    )
    data = export(read_notes(write_notes(notes, "hostile.md")))
    check_format_rules(data)
    assert data.split(b"\r\n").count(b"BEGIN:VEVENT") == 2
    found = events(data)
    assert len(found) == 2 and len(vobject_check(data).vevent_list) == 2
    assert str(found[1]["SUMMARY"]) == "Two BEGIN:VEVENT UID:x — A B;C"
    assert "BEGIN:VCALENDAR" in str(found[1]["DESCRIPTION"])


def test_exporter_contract() -> None:
    assert IcsExporter.name == "ics" and IcsExporter.extension == ".ics"
    assert IcsExporter.media_type == "text/calendar"
    assert load_exporter("ics") is IcsExporter
    assert IcsOptions().duration == 30


def test_changing_a_talk_keeps_its_uid(sample: Conference) -> None:
    talk = sample.days[0].talks[0]
    edited = replace(talk, notes="rewritten", abstract="", title=talk.title)
    day = replace(sample.days[0], talks=(edited, *sample.days[0].talks[1:]))
    changed = replace(sample, days=(day, *sample.days[1:]))
    assert [e["UID"] for e in events(export(changed))] == [e["UID"] for e in events(export(sample))]


def test_default_duration_across_the_end_of_summer_time() -> None:
    sydney = zoneinfo.ZoneInfo("Australia/Sydney")
    start = dt.datetime(2024, 4, 7, 2, 45, tzinfo=sydney)  # AEDT; clocks go back at 03:00
    talk = Talk(uid="late", title="Late", start=start)
    conference = Conference(
        title="C", timezone="Australia/Sydney", days=(Day(title="D", talks=(talk,)),)
    )
    data = export(conference)
    (event,) = events(data)
    begins, ends = event.decoded("DTSTART"), event.decoded("DTEND")
    assert ends.astimezone(UTC) - begins.astimezone(UTC) == dt.timedelta(minutes=30)
    # 02:15 happens twice that night: the end is written in UTC, not as an ambiguous 02:15
    assert b"DTEND:20240406T161500Z\r\n" in data
    (vevent,) = vobject_check(data).vevent_list
    assert vevent.dtend.value - vevent.dtstart.value == dt.timedelta(minutes=30)


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=4),
    notes=st.text(max_size=300),
    room=st.text(max_size=40),
)
def test_any_text_gives_one_event_per_session(titles: list[str], notes: str, room: str) -> None:
    talks = tuple(
        Talk(uid=f"t{number}", title=title, notes=notes, abstract=notes, room=room or None)
        for number, title in enumerate(titles)
    )
    conference = Conference(
        title=titles[0],
        timezone="UTC",
        days=(Day(title="D", date=dt.date(2024, 1, 2), talks=talks),),
    )
    data = calendar_bytes(conference, IcsOptions())
    check_format_rules(data)
    assert data.split(b"\r\n").count(b"BEGIN:VEVENT") == len(titles)
    found = events(data)
    assert [str(e["UID"]).split("-")[0] for e in found] == [f"t{n}" for n in range(len(titles))]
    assert len(vobject_check(data).vevent_list) == len(titles)


def test_schedule_from_the_cli_and_from_metadata(
    write_notes: Callable[[str, str], Path], tmp_path: Path
) -> None:
    schedule = tmp_path / "official.json"
    schedule.write_bytes((SCHEDULES / "fixconf-current.json").read_bytes())
    notes = write_notes(FIXCONF_NOTES, "fixconf.md")
    confexport = Path(sys.executable).with_name("confexport")
    by_flag = subprocess.run(
        [confexport, "build", notes, "--schedule", schedule, "-t", "ics", "-o", tmp_path / "a"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert by_flag.returncode == 0, by_flag.stderr
    (tmp_path / "fixconf.yaml").write_text("schedule: official.json\n")
    by_key = subprocess.run(
        [confexport, "build", notes, "-t", "ics", "-o", tmp_path / "b"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert by_key.returncode == 0, by_key.stderr
    first = (tmp_path / "a" / "fixconf.ics").read_bytes()
    assert first == (tmp_path / "b" / "fixconf.ics").read_bytes()
    assert b"TZID=Australia/Sydney" in first
    (tmp_path / "fixconf.yaml").write_text("schedule: ../elsewhere.json\n")
    outside = subprocess.run([confexport, "inspect", notes], capture_output=True, text=True)
    assert outside.returncode == 1 and "is outside the notes folder" in outside.stderr


def test_obsidian_notes_read_as_text_with_tags_as_categories() -> None:
    conference = read_notes(ROOT / "tests" / "fixtures" / "notes" / "obsidian.md")
    (edge, lunch) = events(export(conference))
    vobject_check(export(conference))
    categories = [str(c) for c in edge.get("categories").cats]
    assert categories == ["talk", "caching", "performance", "todo", "ops/oncall"]
    description = str(edge["description"])
    assert (
        "fell from 900 ms to 120 ms. See also Cache invalidation and the Vary header" in description
    )
    assert (
        "- ☐ Put Cache-Control" in description
        and "- ☒ Read the surrogate keys chapter" in description
    )
    assert "[image: Three boxes: browser, edge, origin]" in description
    assert "==" not in description and "[[" not in description
    assert "Soup at the canteen." in str(lunch["description"])
