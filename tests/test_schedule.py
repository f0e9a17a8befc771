"""Reading official schedules (pretalx/frab JSON of both generations, frab XML,
pretalx .ics) and merging them into the notes."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confexport.model import Conference, Day, Talk
from confexport.reader import read_notes
from confexport.schedule import (
    MergeReport,
    Schedule,
    ScheduleError,
    ScheduleSession,
    merge,
    merge_schedule,
    read_schedule,
)
from confexport.schedule.merge import match_sessions
from confexport.schedule.titles import event_keys
from tests.conftest import Run

SCHEDULES = Path(__file__).resolve().parent / "fixtures" / "schedules"
UTC = dt.UTC

FIXCONF_NOTES = (SCHEDULES / "fixconf.md").read_text(encoding="utf-8")


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


#: file → (zone, {code: (start UTC, end UTC)})
EXPECTED = {
    "fixconf-2022-generation.json": (
        "Europe/Berlin",
        {
            "AAAAAA": (utc("2024-03-30T08:00"), utc("2024-03-30T08:45")),
            "BBBBBB": (utc("2024-03-30T13:00"), utc("2024-03-30T13:30")),
            "CCCCCC": (utc("2024-03-31T08:00"), utc("2024-03-31T09:00")),
            "DDDDDD": (utc("2024-03-31T00:30"), utc("2024-03-31T01:30")),
        },
    ),
    "fixconf-current.json": (
        "Australia/Sydney",
        {
            "AAAAAA": (utc("2024-04-05T22:00"), utc("2024-04-05T22:45")),
            "BBBBBB": (utc("2024-04-06T03:00"), utc("2024-04-06T03:30")),
            "CCCCCC": (utc("2024-04-07T00:00"), utc("2024-04-07T01:00")),
            "DDDDDD": (utc("2024-04-06T15:30"), utc("2024-04-06T16:30")),
        },
    ),
    "fixconf.xml": (
        "Europe/London",
        {
            "AAAAAA": (utc("2024-03-30T09:00"), utc("2024-03-30T09:45")),
            "BBBBBB": (utc("2024-03-30T14:00"), utc("2024-03-30T14:30")),
            "CCCCCC": (utc("2024-03-31T09:00"), utc("2024-03-31T10:00")),
            "DDDDDD": (utc("2024-03-31T00:30"), utc("2024-03-31T01:30")),
        },
    ),
    "fixconf.ics": (
        "Europe/Berlin",
        {
            "AAAAAA": (utc("2024-03-30T08:00"), utc("2024-03-30T08:45")),
            "BBBBBB": (utc("2024-03-30T13:00"), utc("2024-03-30T13:30")),
            "CCCCCC": (utc("2024-03-31T08:00"), utc("2024-03-31T09:00")),
            "DDDDDD": (utc("2024-03-31T00:30"), utc("2024-03-31T01:30")),
        },
    ),
}


@pytest.fixture
def fixconf(write_notes: Callable[[str, str], Path]) -> Conference:
    return read_notes(write_notes(FIXCONF_NOTES, "fixconf.md"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_format_reads_the_same_sessions(name: str) -> None:
    zone, times = EXPECTED[name]
    schedule = read_schedule(SCHEDULES / name)
    assert schedule.timezone == zone
    by_code = {session.code: session for session in schedule.sessions}
    assert sorted(by_code) == sorted(times)
    for code, (start, end) in times.items():
        session = by_code[code]
        assert session.start is not None and session.end is not None
        assert (session.start.astimezone(UTC), session.end.astimezone(UTC)) == (start, end), code
        assert session.event == "fixconf-2024"
    assert by_code["BBBBBB"].speakers == ("Grace Hopper", "Guido van Rossum")
    assert by_code["BBBBBB"].title == "Rust for Pythonistas!"
    assert by_code["BBBBBB"].room == "Room 2"
    assert by_code["DDDDDD"].speakers == ()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_merge_lands_times_rooms_and_speakers(
    name: str, fixconf: Conference, caplog: pytest.LogCaptureFixture
) -> None:
    zone, times = EXPECTED[name]
    with caplog.at_level(logging.WARNING, logger="confexport"):
        merged = merge_schedule(fixconf, SCHEDULES / name)
    talks = {talk.title: talk for talk in merged.talks}
    keynote = talks["Opening Keynote"]
    rust = talks["Rust for Pythonistas"]
    packaging = talks["Packaging; the Hard Parts"]
    for talk, code in ((keynote, "AAAAAA"), (rust, "BBBBBB"), (packaging, "CCCCCC")):
        assert talk.start is not None and talk.end is not None
        assert isinstance(talk.start.tzinfo, zoneinfo.ZoneInfo)
        assert talk.start.tzinfo.key == zone
        assert (talk.start.astimezone(UTC), talk.end.astimezone(UTC)) == times[code]
    assert keynote.room == "Hall A" and keynote.speakers == ("Ada Lovelace",)
    # matched by title alone (no link in the notes; "!" and case ignored)
    assert rust.code == "BBBBBB" and rust.uid == "rust-for-pythonistas"
    assert rust.speakers == ("Grace Hopper", "Guido van Rossum") and rust.room == "Room 2"
    assert rust.abstract == "Official abstract of the Rust talk."
    assert packaging.abstract == "The notes' own abstract."
    assert packaging.speakers == ("Brett Cannon",)
    assert talks["Hallway track"].start is None
    assert merged.timezone == zone
    assert [day.date for day in merged.days] == [
        times["AAAAAA"][0].astimezone(zoneinfo.ZoneInfo(zone)).date(),
        times["CCCCCC"][0].astimezone(zoneinfo.ZoneInfo(zone)).date(),
    ]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("'Hallway track' is not in the schedule" in w for w in warnings), warnings
    assert any("1 schedule session(s)" in w and "'Night Owls'" in w for w in warnings), warnings
    if name != "fixconf.ics":  # pretalx's .ics carries no tracks
        assert keynote.track == "Main" and packaging.track == "Tooling"


def test_report_names_unmatched_sessions_on_both_sides(fixconf: Conference) -> None:
    merged, report = merge(fixconf, read_schedule(SCHEDULES / "fixconf-current.json"))
    assert [talk.title for talk in report.unmatched_notes] == ["Hallway track"]
    assert [session.code for session in report.unmatched_schedule] == ["DDDDDD"]
    assert sorted(uid for uid, _ in report.matched) == [
        "AAAAAA",
        "CCCCCC",
        "rust-for-pythonistas",
    ]
    assert merged is not fixconf and fixconf.talks[0].start is None  # the input is untouched


def test_a_session_across_the_end_of_summer_time_keeps_its_length() -> None:
    sydney = read_schedule(SCHEDULES / "fixconf-current.json")
    owls = next(s for s in sydney.sessions if s.code == "DDDDDD")
    assert owls.start is not None and owls.end is not None
    # 02:30 AEDT to 02:30 AEST: the same wall clock, one real hour.
    assert owls.start.strftime("%H:%M") == owls.end.strftime("%H:%M") == "02:30"
    assert owls.end.astimezone(UTC) - owls.start.astimezone(UTC) == dt.timedelta(hours=1)
    berlin = read_schedule(SCHEDULES / "fixconf-2022-generation.json")
    owls = next(s for s in berlin.sessions if s.code == "DDDDDD")
    assert owls.end is not None and owls.end.isoformat() == "2024-03-31T03:30:00+02:00"


def test_times_go_to_the_notes_time_zone(
    write_notes: Callable[[str, str], Path], caplog: pytest.LogCaptureFixture
) -> None:
    notes = "---\ntimezone: America/New_York\n---\n" + FIXCONF_NOTES
    conference = read_notes(write_notes(notes, "ny.md"))
    with caplog.at_level(logging.WARNING, logger="confexport"):
        merged = merge_schedule(conference, SCHEDULES / "fixconf-2022-generation.json")
    keynote = merged.talks[0]
    assert keynote.start is not None
    assert keynote.start.isoformat() == "2024-03-30T04:00:00-04:00"
    assert merged.timezone == "America/New_York"
    assert any("the schedule is in Europe/Berlin" in r.getMessage() for r in caplog.records)


def test_same_titles_match_by_date(write_notes: Callable[[str, str], Path]) -> None:
    notes = (
        "---\nstart: 2024-03-30\nend: 2024-03-31\ntimezone: Europe/Berlin\n---\n"
        "# Fixconf 2024\n\n## Day 1\n\n### Lightning Talks\n\nday one\n\n"
        "## Day 2\n\n### 17:00 Lightning talks\n\nday two\n"
    )
    day1 = _event("Lightning Talks", "2024-03-30T17:00:00+01:00", "EEEEEE")
    day2 = _event("Lightning Talks", "2024-03-31T17:00:00+02:00", "FFFFFF")
    conference = read_notes(write_notes(notes, "lt.md"))
    path = write_notes(_schedule_json([day2, day1]), "lightning.json")
    merged = merge_schedule(conference, path)
    assert [talk.code for talk in merged.talks] == ["EEEEEE", "FFFFFF"]


def _event(title: str, date: str, code: str) -> str:
    return (
        f'{{"code": "{code}", "title": "{title}", "date": "{date}", "duration": "00:30", '
        f'"room": "Hall A", "persons": [], "url": "https://p.example/x/talk/{code}/"}}'
    )


def _schedule_json(events: list[str]) -> str:
    return (
        '{"schedule": {"version": "1", "conference": {"title": "x", "time_zone_name": '
        '"Europe/Berlin", "days": [{"date": "2024-03-30", "rooms": {"Hall A": ['
        + ", ".join(events)
        + "]}}]}}}"
    )


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE schedule [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<schedule><version>&b;</version></schedule>',
        '<?xml version="1.0"?>\n<!DOCTYPE schedule [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        "\n<schedule><conference><title>&secret;</title></conference></schedule>",
        '<schedule><!ENTITY x "y"></schedule>',
    ],
    ids=["entity-expansion", "external-entity", "stray-entity"],
)
def test_xml_with_declarations_is_refused(
    text: str, write_notes: Callable[[str, str], Path]
) -> None:
    path = write_notes(text, "hostile.xml")
    with pytest.raises(ScheduleError, match="DOCTYPE or ENTITY"):
        read_schedule(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("just words", "not a schedule confexport can read"),
        ('{"schedule": {"version": "1"}}', "no schedule.conference.days"),
        ("{not json", "unreadable schedule JSON"),
        ("<schedule><day", "unreadable schedule XML"),
        ("<html></html>", "root element is <html>"),
        (
            '{"schedule": {"conference": {"time_zone_name": "Mars/Olympus", "days": []}}}',
            "not an IANA time zone",
        ),
    ],
)
def test_unreadable_schedules_say_why(
    text: str, message: str, write_notes: Callable[[str, str], Path]
) -> None:
    with pytest.raises(ScheduleError, match=message):
        read_schedule(write_notes(text, "bad-schedule.txt"))


def test_a_missing_schedule_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ScheduleError, match="cannot read schedule") as caught:
        read_schedule(tmp_path / "nowhere.json")
    assert "nowhere.json" in str(caught.value)


# pretalx served under a sub-path (the CCC's Fahrplan) ---------------------------------

CCC_SCHEDULE = SCHEDULES / "38c3-trimmed.schedule.xml"
CCC_TALK = "https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/XNB7SG/"
CCC_NOTES = (
    "---\ntimezone: Europe/Berlin\n---\n# 38C3\n\n## Day 1\n\n"
    f"### Liberating Wi-Fi on the ESP32\n\n<{CCC_TALK}>\n\nAn open Wi-Fi stack.\n\n"
    "### ACE up the sleeve: Hacking into Apple's new USB-C Controller\n\nNo link here.\n"
)


def test_a_talk_link_under_a_sub_path_is_a_talk_link(
    write_notes: Callable[[str, str], Path],
) -> None:
    from confexport.check import check

    conference = read_notes(write_notes(CCC_NOTES, "38c3.md"))
    liberating = conference.talks[0]
    assert (liberating.code, liberating.url) == ("XNB7SG", CCC_TALK)
    assert liberating.event is None  # "fahrplan" is where the pages are, not the event
    assert liberating.uid == "XNB7SG"
    assert not [f for f in check(conference) if "not a pretalx talk link" in f.message]


def test_the_schedule_names_the_event_of_sub_path_links() -> None:
    schedule = read_schedule(CCC_SCHEDULE)
    assert schedule.event == "38c3"
    by_code = {session.code: session for session in schedule.sessions}
    assert sorted(by_code) == ["HQCCYH", "RUBQ88", "XNB7SG"]
    opening = by_code["HQCCYH"]
    assert opening.url == "https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/HQCCYH/"


@pytest.mark.parametrize(
    ("acronym", "url", "event"),
    [
        ('"acronym": "38c3", ', '"url": "https://events.ccc.de/congress/2024/hub/", ', "38c3"),
        ("", '"url": "https://pretalx.com/pycascades-2022/schedule/", ', "pycascades-2022"),
        ("", '"url": "https://events.ccc.de/congress/2024/hub/", ', None),
    ],
    ids=["acronym", "pretalx-schedule-url", "neither"],
)
def test_json_schedules_name_their_event_by_acronym_or_url(
    acronym: str, url: str, event: str | None, write_notes: Callable[[str, str], Path]
) -> None:
    origin = "https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/XNB7SG/"
    text = (
        f'{{"schedule": {{"conference": {{{acronym}{url}"title": "x", "days": [{{"date": '
        '"2024-12-27", "rooms": {"Saal 1": [{"title": "T", "date": "2024-12-27T11:00:00+01:00", '
        '"duration": "00:40", "url": "https://events.ccc.de/congress/2024/hub/de/event/t/", '
        f'"origin_url": "{origin}"}}]}}}}]}}}}}}'
    )
    schedule = read_schedule(write_notes(text, "hub.json"))
    assert schedule.event == event
    (session,) = schedule.sessions
    assert (session.code, session.url) == ("XNB7SG", origin)


def test_pretalx_uids_from_a_sub_path_schedule(
    write_notes: Callable[[str, str], Path],
    tmp_path: Path,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The UIDs pretalx writes for 38C3: the event is the acronym, not ``fahrplan``."""
    import icalendar

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes = write_notes(CCC_NOTES, "38c3.md")
    code, _, err = run(
        "build", notes, "--schedule", CCC_SCHEDULE, "-t", "ics", "-O", "uid=pretalx",
        "-o", tmp_path, "-q",
    )  # fmt: skip
    assert code == 0, err
    calendar = icalendar.Calendar.from_ical((tmp_path / "38c3.ics").read_bytes())
    uids = sorted(str(event["UID"]) for event in calendar.walk("VEVENT"))
    assert uids == [
        "pretalx-38c3-RUBQ88@fahrplan.events.ccc.de",  # matched by title: code from the schedule
        "pretalx-38c3-XNB7SG@fahrplan.events.ccc.de",
    ]


# Forgiving title matching ---------------------------------------------------------------


def _merge_ccc(
    titles: list[str], write_notes: Callable[[str, str], Path]
) -> tuple[Conference, MergeReport]:
    sessions = "".join(f"### {title}\n\nnotes\n\n" for title in titles)
    notes = "---\ntimezone: Europe/Berlin\nstart: 2024-12-27\n---\n# 38C3\n\n" + sessions
    return merge(read_notes(write_notes(notes, "38c3.md")), read_schedule(CCC_SCHEDULE))


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Liberating WiFi on the ESP32", "XNB7SG"),  # Wi-Fi = WiFi
        ("liberating wi‑fi on the esp32", "XNB7SG"),  # non-breaking hyphen, case
        ("Opening Ceremony", "HQCCYH"),  # the schedule's "38C3: " prefix
        ("38C3: Opening Ceremony", "HQCCYH"),
        ("ACE up the sleeve: Hacking into Apple’s new USB-C Controller", "RUBQ88"),  # quote
        ("ACE up the sleeve – hacking into Apples new USB C controller", "RUBQ88"),
        ("ACE up the sleve: Hacking into Apple's new USB-C Controller", "RUBQ88"),  # a typo
        ("Liberating Wi-Fi on ESP32", "XNB7SG"),  # a small word left out
    ],
)
def test_titles_match_as_people_write_them(
    written: str, code: str, write_notes: Callable[[str, str], Path]
) -> None:
    merged, report = _merge_ccc([written], write_notes)
    assert [session.code for _, session in report.matched] == [code]
    assert merged.talks[0].code == code and merged.talks[0].title == written


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Opening", "ChaosZone TV Opening"),  # 0.52 alike: a suggestion, not a match
        ("Lightning Talks Day 2", "Lightning Talks Day 1"),  # 0.95 alike, but numbered
        ("Kameras starten!", "Kameras stoppen!"),
    ],
)
def test_distinct_titles_do_not_match(
    written: str, other: str, write_notes: Callable[[str, str], Path]
) -> None:
    schedule = Schedule(sessions=(ScheduleSession(title=other, code="ZZZZZZ"),))
    notes = f"# Conf\n\n## {written}\n\nnotes\n\n## Something else\n\nnotes\n"
    _, report = merge(read_notes(write_notes(notes, "conf.md")), schedule)
    assert report.matched == ()


def test_one_schedule_event_never_pairs_with_two_sessions(
    write_notes: Callable[[str, str], Path],
) -> None:
    _, report = _merge_ccc(
        [
            "Liberating WiFi on the ESP32",  # the same key as the schedule's title
            "Liberating Wi-Fi on the ESP32",  # the same key again
            "Liberating Wi-Fi on ESP32",  # close to the same title
            "38C3: Opening Ceremony",
            "Opening Ceremony!",
        ],
        write_notes,
    )
    paired = [id(session) for _, session in report.matched]
    assert len(paired) == len(set(paired)) == 2
    assert [uid for uid, _ in report.matched] == [
        "liberating-wifi-on-the-esp32",
        "38c3-opening-ceremony",
    ]
    assert len(report.unmatched_notes) == 3


#: Titles a note-taker writes, and the code of the 38C3 event each is a variant of.
WRITTEN = {
    "Opening Ceremony": "HQCCYH",
    "38C3: Opening Ceremony": "HQCCYH",
    "Liberating WiFi on the ESP32": "XNB7SG",
    "Liberating Wi-Fi on ESP32": "XNB7SG",
    "ACE up the sleve: Hacking into Apple's new USB-C Controller": "RUBQ88",
    "Opening": None,
    "ACE up": None,
    "Liberating Wi-Fi on the ESP33": None,
    "Hallway": None,
}


@given(st.lists(st.sampled_from(sorted(WRITTEN)), min_size=1, max_size=8))
def test_matching_is_one_to_one_whatever_the_titles(titles: list[str]) -> None:
    talks = tuple(Talk(uid=f"t{number}", title=title) for number, title in enumerate(titles))
    schedule = read_schedule(CCC_SCHEDULE)
    events = event_keys(schedule.event, schedule.title)
    pairs = match_sessions((Day(title="Day 1", talks=talks),), schedule.sessions, events)
    assert len({id(session) for _, session in pairs}) == len(pairs)  # one session, one talk
    assert len({talk.uid for talk, _ in pairs}) == len(pairs)
    assert all(WRITTEN[talk.title] == session.code for talk, session in pairs)
    assert {session.code for _, session in pairs} == {WRITTEN[t] for t in titles} - {None}


def test_unmatched_sessions_are_listed_once_with_their_best_candidate(
    write_notes: Callable[[str, str], Path], caplog: pytest.LogCaptureFixture
) -> None:
    notes = write_notes(
        "---\ntimezone: Europe/Berlin\nstart: 2024-12-27\n---\n# 38C3\n\n"
        "### Opening\n\nnotes\n\n### Hacking Apple's USB-C\n\nnotes\n\n### Hallway track\n\nchat\n",
        "38c3.md",
    )
    with caplog.at_level(logging.WARNING, logger="confexport"):
        merge_schedule(read_notes(notes), CCC_SCHEDULE)
    warnings = [
        r.getMessage() for r in caplog.records if "is not in the schedule" in r.getMessage()
    ]
    assert warnings == [
        f"{notes}:7: session 'Opening' is not in the schedule {CCC_SCHEDULE}; did you mean "
        "'Opening Ceremony' (38C3: Opening Ceremony, day 1 10:30)?",
        f'{notes}:11: session "Hacking Apple\'s USB-C" is not in the schedule {CCC_SCHEDULE}; '
        'did you mean "ACE up the sleeve: Hacking into Apple\'s new USB-C Controller" '
        "(day 1 12:00)?",
        f"{notes}:15: session 'Hallway track' is not in the schedule {CCC_SCHEDULE}",
    ]


# check --write-sidecar ------------------------------------------------------------------

SIDECAR_NOTES = (
    "# 38C3\n\n## Day 1\n\n"
    "### Liberating WiFi on the ESP32\n\nnotes\n\n"
    "### ACE up the sleve: Hacking into Apple's new USB-C Controller\n\nnotes\n\n"
    "### Opening\n\nnotes\n\n"
    "### Hallway track\n\nchat\n\n"
    "### Elsewhere\n\n<https://pretalx.example.org/other/talk/ABCDEF/>\n\nnotes\n"
)


def test_check_write_sidecar_keeps_the_codes_for_the_next_build(
    tmp_path: Path, run: Run, caplog: pytest.LogCaptureFixture
) -> None:
    import yaml

    notes = tmp_path / "38c3.md"
    notes.write_text(SIDECAR_NOTES, encoding="utf-8")
    sidecar = tmp_path / "38c3.yaml"
    sidecar.write_text(
        "start: 2024-12-27\ntimezone: Europe/Berlin\nsessions:\n  hallway-track:\n"
        "    room: Foyer\n",
        encoding="utf-8",
    )
    code, out, err = run("check", notes, "--schedule", CCC_SCHEDULE, "--write-sidecar")
    assert code == 0, err
    ace = "ace-up-the-sleve-hacking-into-apples-new-usb-c-controller"
    written = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    assert written == {
        "start": dt.date(2024, 12, 27),
        "timezone": "Europe/Berlin",
        "sessions": {
            "hallway-track": {"room": "Foyer"},  # what was there is kept
            "liberating-wifi-on-the-esp32": {"code": "XNB7SG"},
            ace: {"code": "RUBQ88"},
        },  # "Elsewhere" links its own code: nothing to write
    }
    assert (
        f"{notes}:13: session 'Opening' is not in the schedule {CCC_SCHEDULE}; did you mean "
        "'Opening Ceremony' (38C3: Opening Ceremony, day 1 10:30)?"
    ) in out.splitlines()
    assert out.count("is not in the schedule") == 3  # Opening, Hallway track, Elsewhere
    assert f"{sidecar}: 2 session code(s) written" in out
    assert run("check", notes, "--schedule", CCC_SCHEDULE, "--write-sidecar")[1].endswith(
        f"{sidecar}: 0 session code(s) written\n{notes}: no problem(s) in 5 sessions\n"
    )

    # The next build matches by code, even once the schedule renames the talks.
    renamed = tmp_path / "renamed.xml"
    text = CCC_SCHEDULE.read_text(encoding="utf-8")
    for title in ("Liberating Wi-Fi on the ESP32", "ACE up the sleeve: Hacking into Apple's"):
        text = text.replace(f"<title>{title}", "<title>Renamed")
    renamed.write_text(text, encoding="utf-8")
    merged, report = merge(read_notes(notes), read_schedule(renamed))
    assert {uid: session.code for uid, session in report.matched} == {
        "liberating-wifi-on-the-esp32": "XNB7SG",
        ace: "RUBQ88",
    }
    assert [talk.start for talk in merged.talks][:2] == [
        dt.datetime(2024, 12, 27, 11, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),
        dt.datetime(2024, 12, 27, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),
    ]


def test_write_sidecar_needs_a_schedule(tmp_path: Path, run: Run) -> None:
    notes = tmp_path / "38c3.md"
    notes.write_text(SIDECAR_NOTES, encoding="utf-8")
    code, _, err = run("check", notes, "--write-sidecar")
    assert code == 2 and "--write-sidecar needs --schedule FILE" in err
    assert not (tmp_path / "38c3.yaml").exists()


def test_a_code_in_the_metadata_matches_by_code_in_files_and_folders(tmp_path: Path) -> None:
    from confexport.reader.folder import read_folder

    (tmp_path / "talks.md").write_text(
        "---\nsessions:\n  a-renamed-talk: {code: XNB7SG}\n---\n# C\n\n## A renamed talk\n\nx\n",
        encoding="utf-8",
    )
    folder = tmp_path / "conf"
    (folder / "Day 1").mkdir(parents=True)
    (folder / "conference.yaml").write_text(
        "sessions:\n  a-renamed-talk: {code: XNB7SG}\n", encoding="utf-8"
    )
    (folder / "Day 1" / "talk.md").write_text("# A renamed talk\n\nx\n", encoding="utf-8")
    schedule = read_schedule(CCC_SCHEDULE)
    for conference in (read_notes(tmp_path / "talks.md"), read_folder(folder)):
        (talk,) = conference.talks
        assert (talk.uid, talk.code) == ("a-renamed-talk", "XNB7SG")
        _, report = merge(conference, schedule)
        assert [(uid, s.code) for uid, s in report.matched] == [("a-renamed-talk", "XNB7SG")]
