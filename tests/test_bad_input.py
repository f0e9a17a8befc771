"""Bad input gets one clear line (file:line, exit 1) or a warning, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from confexport.context import LAST_SOURCE_DATE_EPOCH
from confexport.errors import OptionsError
from confexport.model import Conference
from confexport.reader import read_notes, read_text
from tests.conftest import Run

NotesWriter = Callable[..., Path]
#: Each shape, and the line where it passes 50 levels (the front matter's third line).
DEEP_YAML = {
    "flow list": ("x: " + "[" * 500 + "]" * 500, 3),
    "flow map": ("x: " + "{a: " * 500 + "1" + "}" * 500, 3),
    "block map": ("".join(" " * i + "a:\n" for i in range(500)) + " " * 500 + "a: 1", 52),
}


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(("yaml", "line"), list(DEEP_YAML.values()), ids=list(DEEP_YAML))
def test_front_matter_nested_500_deep_is_one_line(
    yaml: str, line: int, write_notes: NotesWriter, run: Run
) -> None:
    notes = write_notes(f"---\ntitle: Deep\n{yaml}\n---\n\n## Talk\n\nwords\n")
    code, _, err = run("inspect", notes)
    assert code == 1
    message = f"notes.md:{line}: unreadable metadata: metadata is nested more than 50 levels deep"
    assert message in _one_line(err)


def test_a_sidecar_nested_500_deep_is_one_line(write_notes: NotesWriter, run: Run) -> None:
    notes = write_notes("## Talk\n\nwords\n")
    notes.with_suffix(".yaml").write_text("title: Deep\n" + DEEP_YAML["flow list"][0] + "\n")
    code, _, err = run("inspect", notes)
    assert code == 1 and "notes.yaml:2: unreadable metadata: metadata is nested" in _one_line(err)


def test_duplicate_yaml_keys_warn_with_their_lines(
    write_notes: NotesWriter, caplog: pytest.LogCaptureFixture
) -> None:
    notes = write_notes(
        "---\ntitle: A\nsessions:\n  talk:\n    room: 1\n    room: 2\ntitle: B\n---\n\n"
        "## Talk\n\nwords\n"
    )
    conference = read_notes(notes)
    assert conference.title == "B" and conference.talks[0].room == "2"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        f"{notes}:6: metadata key 'room' is given twice; the last value is used",
        f"{notes}:7: metadata key 'title' is given twice; the last value is used",
    ]


def test_toml_front_matter_is_read_as_metadata_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    conference = read_text(
        '+++\ntitle = "Hugo Conf"\ndate = 2024-04-24\nend = 2024-04-24\n'
        'timezone = "Europe/Berlin"\ndraft = false\nweight = 3\ntags = ["go"]\n+++\n\n'
        "## Talk one (9:00)\n\nwords\n"
    )
    assert conference.title == "Hugo Conf"
    assert (conference.start, conference.end) == (dt.date(2024, 4, 24), dt.date(2024, 4, 24))
    talk = conference.talks[0]
    assert talk.start is not None and talk.start.isoformat() == "2024-04-24T09:00:00+02:00"
    assert "+++" not in talk.notes + conference.notes
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('title = "x"\ndate = \n', "notes.md:2: unreadable metadata: Invalid value"),
        ('title = "x"\nbad line\n', "notes.md:3: unreadable metadata: Expected '='"),
        ("x = " + "[" * 500 + "]" * 500 + "\n", "notes.md:2: unreadable metadata: metadata is"),
        (".".join("a" * 500) + " = 1\n", "notes.md:2: unreadable metadata: metadata is nested"),
    ],
    ids=["no value", "no key", "deep array", "deep tables"],
)
def test_bad_toml_front_matter_is_one_line(
    toml: str, message: str, write_notes: NotesWriter, run: Run
) -> None:
    notes = write_notes(f"+++\n{toml}+++\n\n## Talk\n\nwords\n")
    code, _, err = run("inspect", notes)
    assert code == 1 and message in _one_line(err)


def test_ends_before_starts_are_warnings(caplog: pytest.LogCaptureFixture) -> None:
    conference = read_text(
        "---\nstart: 2024-04-24\nend: 2024-04-20\ntimezone: UTC\nsessions:\n  talk:\n"
        "    start: 2024-04-24T11:00\n    end: 2024-04-24T10:00\n---\n\n## Talk\n\nwords\n",
        path=Path("notes.md"),
    )
    assert conference.end == conference.start and conference.talks[0].end is None
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "notes.md: the conference ends (2024-04-20) before it starts (2024-04-24); "
        "its end is ignored",
        "notes.md: session 'talk' ends (2024-04-24 10:00) before it starts "
        "(2024-04-24 11:00); its end is ignored",
    ]


# Schedules ----------------------------------------------------------------------------

SCHEDULES = Path(__file__).resolve().parent / "fixtures" / "schedules"
DEEP_JSON = '{"schedule": ' + "[" * 100_000 + "]" * 100_000 + "}"


def _fixconf(folder: Path, front_matter: str = "") -> Path:
    notes = folder / "fixconf.md"
    notes.write_text(front_matter + (SCHEDULES / "fixconf.md").read_text(encoding="utf-8"))
    return notes


def test_a_100000_deep_json_schedule_is_one_line_by_option(tmp_path: Path, run: Run) -> None:
    schedule = tmp_path / "deep.json"
    schedule.write_text(DEEP_JSON)
    code, _, err = run("inspect", _fixconf(tmp_path), "--schedule", schedule)
    assert code == 1 and "deep.json: unreadable schedule JSON: nested too deep" in _one_line(err)


def test_a_100000_deep_json_schedule_is_one_line_by_key(tmp_path: Path, run: Run) -> None:
    (tmp_path / "deep.json").write_text(DEEP_JSON)
    code, _, err = run("build", _fixconf(tmp_path, "---\nschedule: deep.json\n---\n"), "-t", "json")
    assert code == 1 and "deep.json: unreadable schedule JSON: nested too deep" in _one_line(err)


def test_a_broken_json_schedule_names_its_line(tmp_path: Path, run: Run) -> None:
    schedule = tmp_path / "broken.json"
    schedule.write_text('{"schedule":\n  {"conference": \n')
    code, _, err = run("inspect", _fixconf(tmp_path), "--schedule", schedule)
    assert code == 1 and "broken.json:3: unreadable schedule JSON: Expecting value" in err


@pytest.mark.parametrize("keep", [0.5, 0.1, 0.98])
def test_a_truncated_ics_schedule_is_one_line(keep: float, tmp_path: Path, run: Run) -> None:
    whole = (SCHEDULES / "fixconf.ics").read_bytes()
    schedule = tmp_path / "cut.ics"
    schedule.write_bytes(whole[: int(len(whole) * keep)])
    lines = schedule.read_bytes().rstrip().count(b"\n") + 1
    code, _, err = run("inspect", _fixconf(tmp_path), "--schedule", schedule)
    assert code == 1
    assert f"cut.ics:{lines}: the iCalendar schedule is cut short" in _one_line(err)


@pytest.mark.parametrize("name", ["fixconf-current.json", "fixconf.xml", "fixconf.ics"])
def test_a_schedule_session_ending_before_it_starts_is_a_warning(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from confexport.schedule import read_schedule

    text = (SCHEDULES / name).read_text(encoding="utf-8")
    swapped = {  # the Opening Keynote's end written an hour before its start
        "fixconf-current.json": (
            '"end": "2024-04-06T09:45:00+11:00"',
            '"end": "2024-04-06T08:45:00+11:00"',
        ),
        "fixconf.xml": ("<duration>00:45</duration>", "<end>2024-03-30T08:45:00+00:00</end>"),
        "fixconf.ics": (
            "DTEND;TZID=Europe/Berlin:20240330T094500",
            "DTEND;TZID=Europe/Berlin:20240330T080000",
        ),
    }[name]
    assert swapped[0] in text
    (tmp_path / name).write_text(text.replace(swapped[0], swapped[1], 1), encoding="utf-8")
    schedule = read_schedule(tmp_path / name)
    keynote = next(s for s in schedule.sessions if s.title.startswith("Opening Keynote"))
    assert keynote.start is not None and keynote.end is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert re.fullmatch(
        rf"{re.escape(str(tmp_path / name))}: session 'Opening Keynote' ends \(2024-\S+ \d\d:\d\d\)"
        r" before it starts \(2024-\S+ \d\d:\d\d\); its end is ignored",
        warnings[0],
    ), warnings[0]


def test_a_heading_range_ending_before_it_starts_is_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    conference = read_text(
        "---\nstart: 2024-04-24\ntimezone: UTC\n---\n\n## 11:00–10:00 Backwards\n\nx\n\n"
        "## 23:30–00:30 Late\n\ny\n",
        path=Path("notes.md"),
    )
    backwards, late = conference.talks
    assert backwards.end is None and late.end == dt.datetime(2024, 4, 25, 0, 30, tzinfo=dt.UTC)
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "notes.md:6: session 'Backwards' ends (10:00) before it starts (11:00); its end is ignored"
    ]


# SOURCE_DATE_EPOCH --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["epub", "apkg", "pdf", "ics", "docx", "md"])  # the dated ones
def test_an_out_of_range_source_date_epoch_is_refused_by_every_format(
    fmt: str, sample: Conference, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confexport.exporter import load_exporter, parse_options

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999")
    exporter = load_exporter(fmt)
    with pytest.raises(OptionsError, match=r"SOURCE_DATE_EPOCH='99999999999' .* 0 to 4354819199"):
        exporter().export(sample, parse_options(exporter, {}))


def test_an_out_of_range_source_date_epoch_is_one_line_before_any_work(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999")
    notes = _fixconf(tmp_path)
    code, _, err = run("build", notes, "-t", "all", "-o", tmp_path / "out")
    assert code == OptionsError.exit_code  # a usage error, as a malformed value is
    assert "SOURCE_DATE_EPOCH='99999999999' is not a Unix time in whole seconds from 0 to " in (
        _one_line(err)
    )
    assert not (tmp_path / "out").exists()


def test_the_last_second_a_zip_can_date_builds_epub_and_apkg(
    sample: Conference, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confexport.exporter import load_exporter, parse_options

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(LAST_SOURCE_DATE_EPOCH))
    for fmt in ("epub", "apkg"):
        exporter = load_exporter(fmt)
        data = exporter().export(sample, parse_options(exporter, {}))
        assert isinstance(data, bytes)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {info.date_time[0] for info in archive.infolist()} == {2107}


def test_a_line_of_350_nested_links_builds(write_notes: NotesWriter, run: Run) -> None:
    notes = write_notes("## Talk\n\n" + "[" * 350 + "x" + "](u)" * 350 + "\n")
    code, _, err = run("build", notes, "-t", "json,md", "-o", notes.parent / "out")
    assert code == 0 and "Traceback" not in err and "error" not in err
    assert (notes.parent / "out" / "notes.json").is_file()


BAD_SCHEDULES = {
    "sessionize time": (
        '{"sessions": [{"id": "1", "title": "A", "startsAt": "half past nine"}], "speakers": []}',
        "",
        "session 'A': 'half past nine' is not an ISO date and time",
    ),
    "indico zone": (
        '{"_type": "HTTPAPIResult", "results": [{"timezone": "Mars/Olympus", '
        '"contributions": []}]}',
        "",
        "time zone 'Mars/Olympus' is not an IANA time zone",
    ),
    "indico no event": (
        '{"_type": "HTTPAPIResult", "results": []}',
        "",
        "the Indico export holds no event",
    ),
    "unknown json": ('{"talks": []}', "", "name its fields with schedule-fields"),
    "unknown field": (
        '[{"name": "A"}]',
        "schedule-fields: {title: name, begin: x}\n",
        "unknown key 'begin'",
    ),
    "no title field": ('[{"name": "A"}]', "schedule-fields: {start: x}\n", "needs title:"),
    "no list": ('{"a": 1}', "schedule-fields: {title: name}\n", "no list of sessions"),
    "no titles": ('[{"x": "A"}]', "schedule-fields: {title: name}\n", "no session has a 'name'"),
    "csv time": (
        "name,at\nA,soon\n",
        "schedule-fields: {title: name, start: at}\n",
        "session 'A': 'soon' is not an ISO date and time",
    ),
    "csv bytes": (
        b"name\n\xff\xfe\n",
        "schedule-fields: {title: name}\n",
        "schedule CSV is not UTF-8",
    ),
}


@pytest.mark.parametrize(
    ("content", "fields", "message"), list(BAD_SCHEDULES.values()), ids=list(BAD_SCHEDULES)
)
def test_a_bad_sessionize_indico_or_mapped_schedule_is_one_line(
    content: str | bytes, fields: str, message: str, tmp_path: Path, run: Run
) -> None:
    schedule = tmp_path / "their.schedule"
    if isinstance(content, bytes):
        schedule.write_bytes(content)
    else:
        schedule.write_text(content, encoding="utf-8")
    notes = _fixconf(tmp_path, f"---\nschedule: their.schedule\n{fields}---\n")
    code, _, err = run("inspect", notes)
    assert code == 1 and message in _one_line(err)
