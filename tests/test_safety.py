"""Hostile input across the whole pipeline: nothing fetched, nothing leaked, nothing lost."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import confexport
from confexport.cli import main
from confexport.output import write_atomically

HOSTILE_NOTES = """# Hostile

## Remote and escaping images

![remote](https://example.org/tracker.png)
![up](../secret.png)
![absolute](/etc/hostname)
![link](pictures/escape.png)

<script>alert(1)</script> [x](javascript:alert(1))
"""


@pytest.fixture
def hostile(write_notes: Callable[..., Path], tmp_path: Path) -> confexport.Conference:
    Image.new("RGB", (7, 13), "red").save(tmp_path.parent / "secret.png")
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "escape.png").symlink_to(tmp_path.parent / "secret.png")
    return confexport.read(write_notes(HOSTILE_NOTES))


@pytest.mark.parametrize("fmt", ["pdf", "epub", "anki", "apkg", "json", "html", "docx", "md"])
def test_no_socket_is_opened_and_nothing_outside_is_embedded(
    fmt: str, hostile: confexport.Conference, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("confexport tried to open a network connection")

    opened: list[Path] = []
    real_open = Image.open

    def record(source: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(Path(source).resolve() if isinstance(source, str | Path) else Path())
        return real_open(source, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(Image, "open", record)
    output = confexport.export(hostile, fmt)
    files = [output] if isinstance(output, bytes) else list(output.values())
    assert all(b"SECRET-BYTES-FROM-OUTSIDE" not in data for data in files)
    notes_folder = hostile.base_dir.resolve()
    assert [path for path in opened if not path.is_relative_to(notes_folder)] == []


def test_a_failed_write_leaves_the_previous_file_and_no_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")

    def interrupted(self: Path, other: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new contents")
    assert target.read_bytes() == b"previous"
    assert [path.name for path in tmp_path.iterdir()] == ["out.pdf"]


def test_a_50_mb_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "huge.md"
    with notes.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    assert main(["inspect", str(notes)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "huge.md: is 50 MB; notes larger than 20 MB are refused" in err


def test_an_alias_bomb_is_refused_quickly(write_notes: Callable[..., Path]) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    with pytest.raises(confexport.MetadataError, match="aliases"):
        confexport.read(write_notes(bomb + "---\n## Talk\n\nx\n"))


def test_a_million_character_line_is_kept_whole(write_notes: Callable[..., Path]) -> None:
    line = "word " * 200_000
    conference = confexport.read(write_notes(f"## Talk\n\n{line}\n"))
    assert conference.talks[0].notes.rstrip() == line.rstrip()
    data = confexport.export(conference, "epub")
    assert isinstance(data, bytes) and len(data) > 1000
