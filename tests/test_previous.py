"""The export context's previous outputs: only the output folder's own small regular
files, read when an exporter asks; nothing for standard output or a direct call."""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

import pytest

from confexport.context import ExportContext
from confexport.destination import destination
from confexport.model import Conference
from confexport.plan import Plan
from confexport.previous import MAX_PREVIOUS_BYTES, MAX_PREVIOUS_FILES, PreviousOutputs
from confexport.reader.options import ReadingOptions


def plan_for(output: str) -> Plan:
    return Plan(("ics",), {}, destination(output), (Path("notes.md"),), ReadingOptions())


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_direct_call_has_no_previous_output(sample: Conference) -> None:
    context = ExportContext.of([sample])
    assert context.previous_output() is None
    assert context.previous_outputs("*") == {}


def test_the_build_context_reads_the_main_file_it_replaces(
    tmp_path: Path, sample: Conference
) -> None:
    (tmp_path / "notes.ics").write_bytes(b"old")
    (tmp_path / "notes-2022-02-05.ics").write_bytes(b"day")
    context = plan_for(f"{tmp_path}/").context([sample]).writing("notes.ics")
    context = pickle.loads(pickle.dumps(context))  # as a worker process gets it
    assert context.previous_output() == b"old"
    assert context.previous_output("notes-2022-02-05.ics") == b"day"
    assert context.previous_outputs("notes-*.ics") == {"notes-2022-02-05.ics": b"day"}
    assert context.previous_output("../notes.ics") is None
    assert context.previous_output("missing.ics") is None


def test_a_named_output_file_is_the_main_one(tmp_path: Path, sample: Conference) -> None:
    (tmp_path / "talks.ics").write_bytes(b"named")
    (tmp_path / "notes.ics").write_bytes(b"other")
    context = plan_for(str(tmp_path / "talks.ics")).context([sample]).writing("notes.ics")
    assert context.previous_output() == b"named"


def test_standard_output_has_none(
    tmp_path: Path, sample: Conference, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.ics").write_bytes(b"old")
    context = plan_for("-").context([sample]).writing("notes.ics")
    assert context.previous_output() is None
    assert context.previous_outputs("*.ics") == {}


def test_a_symlink_fifo_or_oversized_file_is_one_warning_and_not_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"secret")
    out = tmp_path / "out"
    out.mkdir()
    (out / "link.ics").symlink_to(outside)
    os.mkfifo(out / "fifo.ics")  # opening it to read would block
    with (out / "big.ics").open("wb") as big:
        big.truncate(MAX_PREVIOUS_BYTES + 1)
    previous = PreviousOutputs(folder=out, main="link.ics")
    for name in ("link.ics", "fifo.ics", "big.ics"):
        caplog.clear()
        assert previous.read(name) is None
        said = warnings(caplog)
        assert len(said) == 1 and "previous output not read" in said[0], said
    assert previous.matching("*.ics") == {}


def test_a_symlinked_folder_below_the_output_one_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.ics").write_bytes(b"elsewhere")
    out = tmp_path / "out"
    out.mkdir()
    (out / "media").symlink_to(elsewhere)
    assert PreviousOutputs(folder=out).read("media/notes.ics") is None


def test_a_pattern_reads_at_most_so_many_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for number in range(MAX_PREVIOUS_FILES + 2):
        (tmp_path / f"day-{number:04}.ics").write_bytes(b"x")
    found = PreviousOutputs(folder=tmp_path).matching("day-*.ics")
    assert len(found) == MAX_PREVIOUS_FILES
    assert len(warnings(caplog)) == 1
