"""Bad input gets one clear line (file:line, exit 1) or a warning, never a traceback."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

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
