"""The build returns what it did and prints nothing; the command line shows it.  The
exports' warnings reach the user one way, in this process or from a worker."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any, ClassVar

import pytest

from confexport import exporter
from confexport.cli import main
from confexport.commands import build_outputs
from confexport.context import ExportContext
from confexport.model import Conference
from confexport.outcomes import Outcome, Status, failures
from confexport.reader import read_notes
from confexport.reader.options import ReadingOptions
from tests.conftest import SAMPLE

#: The reading options of a plain ``confexport build``.
READING = ReadingOptions()


class Warner:
    """Warns about the first session, as a format might about a missing image."""

    name: ClassVar[str] = "warner"
    extension: ClassVar[str] = ".txt"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "warns once"

    def export(self, conference: Conference, options: Any, context: ExportContext) -> bytes:
        context.warn(conference.talks[0].source, "something to say")
        return f"{context.clock.epoch}\n".encode()


class OtherWarner(Warner):
    extension: ClassVar[str] = ".text"


@pytest.fixture
def warners(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    points = [
        EntryPoint("warner-a", "tests.test_build_results:Warner", exporter.GROUP),
        EntryPoint("warner-b", "tests.test_build_results:OtherWarner", exporter.GROUP),
    ]
    monkeypatch.setattr(exporter, "entry_points", lambda group: points)
    exporter.registry.cache_clear()
    yield
    exporter.registry.cache_clear()


def test_build_returns_its_outcomes_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reported: list[Outcome] = []
    out = tmp_path / "out"
    outcomes = build_outputs(
        [SAMPLE], ["json", "md"], f"{out}/", [], report=reported.append, reading=READING
    )
    shown = capsys.readouterr().err.splitlines()  # the command line's to print, not the build's
    assert [line for line in shown if not line.startswith("confexport: warning:")] == []
    assert sorted(outcomes, key=lambda o: o.label) == sorted(reported, key=lambda o: o.label)
    by_format = {outcome.label: outcome for outcome in outcomes}
    assert set(by_format) == {"json", "md"} and failures(outcomes) == []
    json_file = out / "pycascades-2022.json"
    assert by_format["json"].main == str(json_file) and by_format["json"].files == 1
    assert by_format["json"].size == json_file.stat().st_size
    written = [path for path in out.rglob("*") if path.is_file() and path.suffix != ".json"]
    assert by_format["md"].files == len(written) > 1  # the Markdown and its images
    assert by_format["md"].size == sum(path.stat().st_size for path in written)


def test_a_failure_is_an_outcome_the_command_line_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcomes = build_outputs(
        [SAMPLE], ["json"], f"{tmp_path}/", [], combine="both", reading=READING
    )
    assert [(o.label, o.error) for o in outcomes] == [
        ("json", "json: cannot combine several notes files")
    ]
    assert "cannot combine" not in capsys.readouterr().err
    assert main(["build", str(SAMPLE), "-t", "json", "--combine", "both", "-o", str(tmp_path)]) == 1
    shown = capsys.readouterr().err.splitlines()
    assert "confexport: json: cannot combine several notes files" in shown


@pytest.mark.parametrize("cores", [1, 2], ids=["in this process", "in workers"])
def test_a_warning_several_formats_give_is_shown_once_naming_them(
    warners: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cores: int,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code = main(["build", str(SAMPLE), "-t", "warner-a,warner-b", "-o", str(tmp_path)])
    assert code == 0
    lines = [
        line
        for line in capsys.readouterr().err.splitlines()
        if line.startswith("confexport: warning:")
    ]
    where = read_notes(SAMPLE).talks[0].source
    assert lines == [f"confexport: warning: {where}: something to say (from warner-a, warner-b)"]
    assert (tmp_path / "pycascades-2022.txt").read_text() == "1700000000\n"


def test_the_progress_names_the_exports_still_running_and_since_when(tmp_path: Path) -> None:
    # docx takes far longer than ics and json: when they are done, it is still running.
    statuses: list[Status | None] = []
    began = time.monotonic()
    outcomes = build_outputs(
        [SAMPLE], ["docx", "ics", "json"], f"{tmp_path}/", [], reading=READING,
        progress=statuses.append,
    )  # fmt: skip
    ended = time.monotonic()
    assert failures(outcomes) == [] and statuses[-1] is None
    shown = [status for status in statuses if status is not None]
    assert shown[0].done == 0 and shown[0].total == 3 and shown[0].running
    assert shown[-1] == Status(3, 3)
    named = [[label for label, _ in status.running] for status in shown]
    assert any("docx" in names for names in named[1:-1])
    for status in shown:  # only what was selected, each export either done or not
        assert set(status.unfinished) <= {"docx", "ics", "json"}
        assert status.done + len(status.unfinished) == 3
        assert all(began <= since <= ended for _, since in status.running)
