"""``SEQUENCE`` carried on from the calendar a build replaces in ``-o``: checked by
re-parsing (icalendar, vobject) and by khal importing one build over the other."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run
from tests.exporters.test_ics import BIN, events, fixed_epoch, vobject_check

__all__ = ["fixed_epoch"]  # a fixture, used by name

NOTES = "pycascades-2022.md"
SPLIT = ("-O", "split=day")
FIRST_DAY = "2022-02-05"
MOVED = "UVFAMG-pycascades-2022@confexport"  # "Tests as Classifiers", 16:30 in the sidecar


def sequences(data: bytes) -> dict[str, int]:
    """Each event's SEQUENCE by UID, read by icalendar (and the file checked by vobject)."""
    vobject_check(data)
    return {str(event["UID"]): int(event.decoded("SEQUENCE")) for event in events(data)}


def vobject_sequences(data: bytes) -> dict[str, int]:
    calendar = vobject_check(data)
    return {event.uid.value: int(event.sequence.value) for event in calendar.vevent_list}


def edit_sidecar(folder: Path, old: str, new: str) -> None:
    sidecar = folder / "pycascades-2022.yaml"
    text = sidecar.read_text(encoding="utf-8")
    assert old in text
    sidecar.write_text(text.replace(old, new, 1), encoding="utf-8")


Build = Callable[..., bytes]


@pytest.fixture
def build(sample_dir: Path, run: Run) -> Build:
    """Build the sample copy's calendar into ``sample_dir/out`` (or ``-o`` as given);
    the calendar's bytes."""

    def into(*options: str, output: str = "out/") -> bytes:
        code, _, err = run("build", sample_dir / NOTES, "-t", "ics", *options, "-o", output)
        assert code == 0, err
        written = Path(output) if output.endswith(".ics") else Path(output) / "pycascades-2022.ics"
        return written.read_bytes()

    return into


@pytest.fixture(autouse=True)
def in_sample(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_dir)


def test_a_new_time_raises_the_sessions_sequence_only(sample_dir: Path, build: Build) -> None:
    first = build()
    assert set(sequences(first).values()) == {0}
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    second = build()
    found = sequences(second)
    assert found.pop(MOVED) == 1
    assert set(found.values()) == {0} and len(found) == 17
    assert vobject_sequences(second)[MOVED] == 1
    assert build() == second  # rebuilt unchanged: byte-identical, SEQUENCE stays


def test_a_new_room_raises_it_again(sample_dir: Path, build: Build) -> None:
    build()
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    build()
    edit_sidecar(sample_dir, "room: Main Stage", "room: Side Stage")
    third = build()
    assert sequences(third)[MOVED] == vobject_sequences(third)[MOVED] == 2
    assert [str(e["LOCATION"]) for e in events(third) if str(e["UID"]) == MOVED] == ["Side Stage"]


def test_a_new_title_or_note_keeps_the_sequence(sample_dir: Path, build: Build) -> None:
    first = build()
    notes = sample_dir / NOTES
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("## Tests as Classifiers", "## Tests as Classifiers!"), "utf-8")
    second = build()
    assert second != first
    assert sequences(second) == sequences(first)


def test_a_rebuild_into_a_fresh_folder_starts_at_zero(sample_dir: Path, build: Build) -> None:
    build()
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    assert set(sequences(build(output="elsewhere/")).values()) == {0}


def test_least_sequence_option_is_a_floor(sample_dir: Path, build: Build) -> None:
    assert set(sequences(build("-O", "sequence=3")).values()) == {3}
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    found = sequences(build())
    assert found.pop(MOVED) == 4
    assert set(found.values()) == {3}  # kept: nothing else changed
    assert set(sequences(build("-O", "sequence=5")).values()) == {5}


def test_exports_in_worker_processes_carry_it_too(sample_dir: Path, run: Run) -> None:
    def both() -> bytes:  # two formats: a build runs them in its worker processes
        code, _, err = run("build", sample_dir / NOTES, "-t", "ics", "-t", "json", "-o", "out/")
        assert code == 0, err
        return Path("out/pycascades-2022.ics").read_bytes()

    both()
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    assert sequences(both())[MOVED] == 1


def test_a_named_output_file_is_compared_with_itself(sample_dir: Path, build: Build) -> None:
    build(output="talks.ics")
    build()  # out/pycascades-2022.ics is another calendar, never consulted for talks.ics
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    assert sequences(build(output="talks.ics"))[MOVED] == 1
    assert sequences(build(output="talks.ics"))[MOVED] == 1


def test_standard_output_has_no_previous_calendar(sample_dir: Path, run: Run) -> None:
    (sample_dir / "pycascades-2022.ics").write_bytes(b"")  # would be a warning if read
    code, out, err = run("build", sample_dir / NOTES, "-t", "ics", "-o", "-")
    assert code == 0 and "warning" not in err
    assert set(sequences(out.encode("utf-8")).values()) == {0}


def test_split_day_carries_it_across_day_files(sample_dir: Path, run: Run) -> None:
    def split() -> dict[str, dict[str, int]]:
        code, _, err = run("build", sample_dir / NOTES, "-t", "ics", *SPLIT, "-o", "out/")
        assert code == 0, err
        return {path.name: sequences(path.read_bytes()) for path in sorted(Path("out").iterdir())}

    first = split()
    assert first["pycascades-2022-2022-02-05.ics"][MOVED] == 0
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-06T09:00")
    second = split()
    assert MOVED not in second["pycascades-2022-2022-02-05.ics"]
    assert second["pycascades-2022-2022-02-06.ics"].pop(MOVED) == 1
    assert {n for day in second.values() for n in day.values()} == {0}


def test_a_switch_to_split_day_keeps_the_numbers(sample_dir: Path, build: Build, run: Run) -> None:
    build()
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    build()
    code, _, err = run("build", sample_dir / NOTES, "-t", "ics", *SPLIT, "-o", "out/")
    assert code == 0, err
    assert sequences(Path("out/pycascades-2022-2022-02-05.ics").read_bytes())[MOVED] == 1


# --- khal: the second build imported over the first ---------------------------------


def khal_import_both(home: Path, first: Path, second: Path) -> tuple[list[str], list[bytes]]:
    """Import ``first`` then ``second`` into one empty khal calendar; what it lists for
    the first day and the events it stores."""
    calendar = home / "cal"
    calendar.mkdir()
    config = home / "config"
    config.write_text(
        f"[calendars]\n[[notes]]\npath = {calendar}\ntype = calendar\n"
        "[locale]\nlocal_timezone = America/Los_Angeles\n"
        "default_timezone = America/Los_Angeles\ntimeformat = %H:%M\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[sqlite]\npath = {home / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home)}
    khal = [str(BIN / "khal"), "-c", str(config)]
    assert (BIN / "khal").exists(), "khal is part of the test extra: pip install -e '.[test]'"
    for path in (first, second):
        done = subprocess.run(
            [*khal, "import", "--batch", "-a", "notes", str(path)],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0 and done.stderr == "", done.stderr
    listed = subprocess.run(
        [*khal, "list", "--day-format", "", "--format", "{start} {end} {title}", FIRST_DAY, "1d"],
        capture_output=True, text=True, env=env, check=True, timeout=60,
    )  # fmt: skip
    assert listed.stderr == ""
    stored = [path.read_bytes() for path in sorted(calendar.glob("*.ics"))]  # not khal's temps
    return listed.stdout.splitlines(), stored


def test_khal_updates_the_moved_session_instead_of_duplicating_it(
    sample_dir: Path, build: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    build()
    first = sample_dir / "first.ics"
    first.write_bytes(Path("out/pycascades-2022.ics").read_bytes())
    edit_sidecar(sample_dir, "start: 2022-02-05T16:30", "start: 2022-02-05T17:00")
    build()
    listing, stored = khal_import_both(
        tmp_path_factory.mktemp("khal"), first, sample_dir / "out" / "pycascades-2022.ics"
    )
    moved = [line for line in listing if "Tests as Classifiers" in line]
    assert moved == ["2022-02-05 17:00 2022-02-05 17:30 Tests as Classifiers — Moshe Zadka"]
    assert len(listing) == 14  # the day's 13 untimed sessions and the moved one, once each
    assert len(stored) == 18  # one event a session, none twice
    kept = [event for event in stored if MOVED.encode() in event]
    assert len(kept) == 1 and b"\r\nSEQUENCE:1\r\n" in kept[0]


# --- a previous file that is not a calendar confexport can read ----------------------


CORRUPT = {
    "binary junk": b"\x00\xff\xfe\x1b[31m not a calendar\r\n",
    "empty": b"",
    "an event alone": b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n",
    "unbalanced": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:" + MOVED.encode() + b"\r\n",
    "two calendars": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" * 2,
    "deeply nested": b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 5000 + b"END:X\r\n" * 5000,
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_a_corrupt_previous_calendar_is_one_warning(
    content: bytes, sample_dir: Path, run: Run
) -> None:
    out = sample_dir / "out"
    out.mkdir()
    (out / "pycascades-2022.ics").write_bytes(content)
    code, _, err = run("build", sample_dir / NOTES, "-t", "ics", "-o", "out/")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1, err
    assert "the previous calendar is not read" in warnings[0]
    assert "\x1b" not in err  # nothing of the file reaches the terminal
    assert set(sequences((out / "pycascades-2022.ics").read_bytes()).values()) == {0}


HOSTILE_EVENTS = {
    "negative": b"SEQUENCE:-4",
    "not a number": b"SEQUENCE:many",
    "beyond 32 bits": b"SEQUENCE:99999999999999",
    "unknown zone": b"SEQUENCE:7\r\nDTSTART;TZID=Mars/Olympus:20220205T163000",
    "guessed zone": b"SEQUENCE:7\r\nDTSTART;TZID=/example.org/Europe/Berlin:20220205T163000",
}


@pytest.mark.parametrize("lines", HOSTILE_EVENTS.values(), ids=HOSTILE_EVENTS.keys())
def test_a_hostile_event_is_ignored_or_counted_as_changed(
    lines: bytes, sample_dir: Path, run: Run
) -> None:
    out = sample_dir / "out"
    out.mkdir()
    event = b"BEGIN:VEVENT\r\nUID:" + MOVED.encode() + b"\r\n" + lines + b"\r\nEND:VEVENT\r\n"
    (out / "pycascades-2022.ics").write_bytes(b"BEGIN:VCALENDAR\r\n" + event + b"END:VCALENDAR\r\n")
    code, _, err = run("build", sample_dir / NOTES, "-t", "ics", "-o", "out/", "--strict")
    assert code == 0, err
    found = sequences((out / "pycascades-2022.ics").read_bytes())
    assert found[MOVED] == (8 if b"TZID" in lines else 0)


def test_the_highest_sequence_stays_there(sample_dir: Path, build: Build) -> None:
    out = sample_dir / "out"
    out.mkdir()
    top = b"BEGIN:VEVENT\r\nUID:" + MOVED.encode() + b"\r\nSEQUENCE:2147483647\r\nEND:VEVENT\r\n"
    (out / "pycascades-2022.ics").write_bytes(b"BEGIN:VCALENDAR\r\n" + top + b"END:VCALENDAR\r\n")
    assert sequences(build())[MOVED] == 2**31 - 1
