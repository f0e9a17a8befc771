"""``build --watch`` through the real console script: an edit rebuilds that notes file's
outputs only, a broken edit keeps the last good output, an image counts as an input (one
in a new folder too, from the rebuild that reads it), an editor's burst of writes is one
rebuild, the files are followed by inotify (watchfiles), not polled, and Ctrl-C (SIGINT)
ends the watch with exit 0, SIGTERM with 143.  Every wait is bounded, generously: the
machine may be loaded."""

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
WAIT_SECONDS = 60


def notes_text(title: str) -> str:
    return f"# Tiny\n\n## {title}\n\nSome notes.\n\n![a square](square.png)\n"


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def conference_title(path: Path) -> str:
    title: str = json.loads(path.read_text(encoding="utf-8"))["title"]
    return title


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


def inotify_descriptors(pid: int) -> int:
    """How many inotify instances the process holds (Linux lists them in /proc)."""
    folder = Path(f"/proc/{pid}/fd")
    return sum(str(fd.readlink()) == "anon_inode:inotify" for fd in folder.iterdir())


def rebuild_lines(folder: Path) -> list[str]:
    return [line for line in lines(folder) if " rebuilt, " in line]


def test_watch_follows_inotify_a_burst_of_writes_and_an_image_in_a_new_folder(
    watching: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, folder = watching
    a_json, b_json = folder / "out" / "a.json", folder / "out" / "b.json"
    wait_for(lambda: any(line.startswith("watching") for line in lines(folder)), "the watch")
    assert inotify_descriptors(process.pid) >= 1  # followed by events, not polled
    b_written = b_json.stat().st_mtime_ns
    # an editor's save: several writes in a row, then a new file renamed over the notes
    for number in range(5):
        (folder / "a.md").write_text(notes_text(f"Draft {number}"), encoding="utf-8")
        time.sleep(0.02)
    (folder / ".a.md.swp").write_text(notes_text("Saved talk"), encoding="utf-8")
    (folder / ".a.md.swp").replace(folder / "a.md")
    wait_for(lambda: titles(a_json) == ["Saved talk"], "a.json rebuilt after the save")
    time.sleep(1)  # room for a second rebuild, were the burst taken for two saves
    assert len(rebuild_lines(folder)) == 1, lines(folder)
    # an image in a folder not watched so far is watched from the rebuild that reads it
    (folder / "pictures").mkdir()
    Image.new("RGB", (8, 8), "green").save(folder / "pictures" / "dot.png")
    text = notes_text("With a dot") + "\n![a dot](pictures/dot.png)\n"
    (folder / "a.md").write_text(text, encoding="utf-8")
    wait_for(lambda: titles(a_json) == ["With a dot"], "a.json rebuilt with the new image")
    time.sleep(1)  # the watch takes the new folder in
    count = len(rebuild_lines(folder))
    Image.new("RGB", (9, 9), "green").save(folder / "pictures" / "dot.png")
    wait_for(lambda: len(rebuild_lines(folder)) > count, "a rebuild after the new image changed")
    assert re.fullmatch(r"\d\d:\d\d:\d\d a\.md: rebuilt, .*", rebuild_lines(folder)[-1])
    # a sidecar that appears is read: it was watched before it existed
    (folder / "a.yaml").write_text("title: From the sidecar\n", encoding="utf-8")
    wait_for(lambda: conference_title(a_json) == "From the sidecar", "a.json with the sidecar")
    assert b_json.stat().st_mtime_ns == b_written  # b.md's outputs were never rebuilt
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=WAIT_SECONDS) == 128 + signal.SIGTERM
    assert lines(folder)[-1] == "confexport: stopped by SIGTERM; what was written is kept"
