"""``confexport.read`` and ``confexport.export`` check what they are given as the command
line does, with the same messages."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest

import confexport
from confexport.model import Conference
from tests.conftest import SAMPLE

SCRIPT = Path(sys.executable).with_name("confexport")


def cli_error(*args: str | Path) -> tuple[int, str]:
    """The exit code and the one-line message of the real command line."""
    command = [str(SCRIPT), *(str(arg) for arg in args)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.stderr.count("\n") == 1, result.stderr
    return result.returncode, result.stderr.removeprefix("confexport: ").rstrip("\n")


def test_export_refuses_what_the_cli_refuses_with_its_message(
    sample: Conference, tmp_path: Path
) -> None:
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"papr": "letter"}, ["-O", "papr=letter"]),  # an A4 PDF, silently, before
        ({"paper": "leter"}, ["-O", "paper=leter"]),
        ({"toc": "maybe"}, ["-O", "toc=maybe"]),
    ]
    for options, flags in cases:
        with pytest.raises(confexport.OptionsError) as raised:
            confexport.export(sample, "pdf", **options)
        code, message = cli_error("build", SAMPLE, "-t", "pdf", *flags, "-o", tmp_path)
        assert (code, str(raised.value)) == (2, message)
    assert list(tmp_path.iterdir()) == []


def test_export_takes_python_values_as_the_cli_takes_text(sample: Conference) -> None:
    letter = confexport.export(sample, "pdf", paper="letter", toc=False)
    assert isinstance(letter, bytes)
    page = pypdf.PdfReader(io.BytesIO(letter)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    smaller = confexport.export(sample, "md", images="none", toc=False)
    assert isinstance(smaller, bytes | dict)


def test_read_takes_the_cli_reading_options_and_raises_its_errors(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## A talk\n\n![x](pic.png)\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    cases: list[tuple[dict[str, Any], list[str | Path]]] = [
        ({"metadata_file": bad}, ["--metadata-file", bad]),
        ({"schedule": tmp_path / "none.json"}, ["--schedule", tmp_path / "none.json"]),
        ({"metadata": {"start": "not a date"}}, ["-M", "start=not a date"]),
    ]
    for keywords, flags in cases:
        with pytest.raises(confexport.ConfexportError) as raised:
            confexport.read(notes, **keywords)
        code, message = cli_error("inspect", notes, *flags)
        assert (raised.value.exit_code, str(raised.value)) == (code, message), keywords
    with pytest.raises(confexport.NotesError) as missing:
        confexport.read(tmp_path / "absent.md")
    assert (1, str(missing.value)) == cli_error("inspect", tmp_path / "absent.md")


def test_read_merges_metadata_and_resource_paths(tmp_path: Path) -> None:
    notes = tmp_path / "notes" / "notes.md"
    notes.parent.mkdir()
    notes.write_text("## A talk\n\n![x](pic.png)\n", encoding="utf-8")
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    (pictures / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    conference = confexport.read(
        os.fspath(notes), metadata={"Title": "Given"}, resource_paths=[pictures]
    )
    assert conference.title == "Given"
    assert conference.resource_paths == (pictures,)
