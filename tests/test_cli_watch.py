"""``build --watch`` through the real console script: an edit rebuilds that notes file's
outputs only, a broken edit keeps the last good output, an image counts as an input, and
Ctrl-C (SIGINT) ends the watch with exit 0.  Every wait is bounded."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

SCRIPT = Path(sys.executable).with_name("confexport")
WAIT_SECONDS = 20


def notes_text(title: str) -> str:
    return f"# Tiny\n\n## {title}\n\nSome notes.\n\n![a square](square.png)\n"


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def titles(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [talk["title"] for day in data["days"] for talk in day["talks"]]


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    (tmp_path / "a.md").write_text(notes_text("First talk"), encoding="utf-8")
    (tmp_path / "b.md").write_text(notes_text("Other talk"), encoding="utf-8")
    Image.new("RGB", (8, 8), "red").save(tmp_path / "square.png")
    log = tmp_path / "watch.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [SCRIPT, "build", "a.md", "b.md", "-t", "json", "-o", "out/", "--watch"],
            cwd=tmp_path,
            stderr=stderr,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        )
    try:
        yield process, tmp_path
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT_SECONDS)


def lines(folder: Path) -> list[str]:
    return (folder / "watch.log").read_text(encoding="utf-8").splitlines()


def test_watch_rebuilds_what_changed_and_keeps_the_last_good_output(
    watching: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, folder = watching
    a_json, b_json = folder / "out" / "a.json", folder / "out" / "b.json"
    wait_for(lambda: any(line.startswith("watching") for line in lines(folder)), "the watch")
    b_written = b_json.stat().st_mtime_ns
    # an edit of a.md rebuilds a.json, not b.json
    (folder / "a.md").write_text(notes_text("Renamed talk"), encoding="utf-8")
    wait_for(lambda: titles(a_json) == ["Renamed talk"], "a.json rebuilt")
    assert b_json.stat().st_mtime_ns == b_written
    rebuilds = [line for line in lines(folder) if "rebuilt" in line]
    assert len(rebuilds) == 1
    rebuilt = r"\d\d:\d\d:\d\d a\.md: rebuilt, 1 file\(s\) written \(\d+\.\d s\)"
    assert re.fullmatch(rebuilt, rebuilds[0])
    # a broken edit: one line that says so, and the last good a.json stays
    (folder / "a.md").write_text("---\ntitle: [\n---\n" + notes_text("Broken"), encoding="utf-8")
    wait_for(lambda: any("last good output" in line for line in lines(folder)), "the failure")
    assert titles(a_json) == ["Renamed talk"]
    # a referenced image is watched too
    (folder / "a.md").write_text(notes_text("Fixed talk"), encoding="utf-8")
    wait_for(lambda: titles(a_json) == ["Fixed talk"], "a.json rebuilt after the fix")
    count = len(lines(folder))
    Image.new("RGB", (9, 9), "blue").save(folder / "square.png")
    wait_for(lambda: len(lines(folder)) > count, "a rebuild after the image changed")
    assert "a.md, b.md: rebuilt" in lines(folder)[-1]
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=WAIT_SECONDS) == 0
    assert lines(folder)[-1] == "confexport: stopped watching; what was written is kept"


def test_watch_refuses_standard_input_and_output(tmp_path: Path) -> None:
    for args in (["-", "-t", "json"], ["a.md", "-t", "json", "-o", "-"]):
        result = subprocess.run(
            [SCRIPT, "build", *args, "--watch"], cwd=tmp_path, input=b"## T\n",
            capture_output=True, timeout=WAIT_SECONDS, check=False,
        )  # fmt: skip
        assert result.returncode == 2
        assert b"--watch" in result.stderr
