"""The build's status line through the real console script on a pseudo-terminal: it
names the export still running with a time that ticks, the ``wrote`` and error lines
printed meanwhile come out whole, and the final screen (as a terminal emulator, pyte,
shows it) holds those lines and no status line.  Off a terminal nothing of it shows."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyte
import pytest

SCRIPT = Path(sys.executable).with_name("confexport")
WAIT_SECONDS = 60
SLOW_SECONDS = 2.5
GAVE_UP = "gave up on purpose" + ", and said so at length" * 8
COLUMNS, ROWS = 120, 30

PLUGIN = f"""
import os
import time

from confexport.errors import ExportError


class SlowExporter:
    name = "slow"
    extension = ".slow.txt"
    media_type = "text/plain"
    description = "takes its time"

    def export(self, conference, options):
        time.sleep(float(os.environ["SLOW_SECONDS"]))
        return b"slow\\n"


class FailingExporter:
    name = "failing"
    extension = ".failing.txt"
    media_type = "text/plain"
    description = "always fails"

    def export(self, conference, options):
        raise ExportError({GAVE_UP!r})
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Tiny notes, and the two test formats installed as a plugin on PYTHONPATH."""
    (tmp_path / "tiny.md").write_text("# Tiny\n\n## A talk\n\nWords.\n", encoding="utf-8")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "slowexport.py").write_text(PLUGIN, encoding="utf-8")
    info = plugins / "slowexport-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: slowexport\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[confexport.exporters]\n"
        "slow = slowexport:SlowExporter\nfailing = slowexport:FailingExporter\n"
    )
    return tmp_path


def environment(folder: Path, slow: float = SLOW_SECONDS) -> dict[str, str]:
    path = os.pathsep.join([str(folder / "plugins"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "TERM": "xterm-256color", "SLOW_SECONDS": str(slow)}


BUILD = ("build", "tiny.md", "-t", "slow,json,failing", "-o", "out/")


class Terminal:
    """The build run as a terminal runs it: in its own session, with a pseudo-terminal
    of COLUMNS × ROWS as its controlling terminal and its standard output and error,
    so that Ctrl-C typed on it is the SIGINT the terminal sends."""

    def __init__(self, folder: Path, slow: float = SLOW_SECONDS) -> None:
        self.leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        try:
            self.process = subprocess.Popen(
                [str(SCRIPT), *BUILD], cwd=folder, stdin=follower, stdout=follower,
                stderr=follower, env=environment(folder, slow), start_new_session=True,
                preexec_fn=_take_the_terminal,
            )  # fmt: skip
        finally:
            os.close(follower)
        #: Every byte the build showed so far.
        self.shown = bytearray()

    def read_until(self, condition: Callable[[str], bool], what: str) -> None:
        """Read what the build shows until ``condition`` holds for all of it."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition(self.shown.decode("utf-8", errors="replace")):
            assert time.monotonic() < deadline, f"gave up waiting for {what}: {self.shown!r}"
            if not self._read():
                break

    def finish(self) -> int:
        """Read to the end; the exit code."""
        self.read_until(lambda _: False, "the end")
        return self.process.wait(timeout=WAIT_SECONDS)

    def close(self) -> None:
        os.close(self.leader)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def _read(self) -> bool:
        """Read what there is (waiting half a second at most); False at the end."""
        if not select.select([self.leader], [], [], 0.5)[0]:
            return True
        try:
            chunk = os.read(self.leader, 65536)
        except OSError:  # EIO: the build and its workers closed the terminal
            return False
        self.shown += chunk
        return bool(chunk)


def _take_the_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@pytest.fixture
def terminal(folder: Path) -> Iterator[Callable[[float], Terminal]]:
    started: list[Terminal] = []

    def start(slow: float = SLOW_SECONDS) -> Terminal:
        started.append(Terminal(folder, slow))
        return started[-1]

    yield start
    for each in started:
        each.close()


def final_screen(shown: bytes) -> list[str]:
    screen = pyte.Screen(COLUMNS, ROWS)
    pyte.ByteStream(screen).feed(shown)
    return [line.rstrip() for line in screen.display if line.strip()]


def test_the_status_line_names_what_runs_with_a_ticking_time(
    terminal: Callable[[float], Terminal],
) -> None:
    build = terminal(SLOW_SECONDS)
    code = build.finish()
    shown = bytes(build.shown)
    assert code == 1, shown  # the failing format
    text = shown.decode("utf-8")
    times = [float(t) for t in re.findall(r"exports done; running slow (\d+\.\d) s", text)]
    assert len(set(times)) >= 3, text  # redrawn while the slow export runs
    assert times == sorted(times) and times[-1] >= SLOW_SECONDS - 1, text
    screen = final_screen(shown)
    assert not [line for line in screen if "exports done" in line], screen
    assert screen[-1].startswith("wrote out/tiny.slow.txt (5 B, ")  # completed last
    # the error, longer than the terminal is wide, was printed as one line: it wraps
    assert f"confexport: failing: {GAVE_UP}\r\n" in text
    error_rows = [row for row in screen if not row.startswith("wrote ")]
    wrapped = "".join(row.ljust(COLUMNS) for row in error_rows[:-1]) + error_rows[-1]
    assert wrapped == f"confexport: failing: {GAVE_UP}"
    json_rows = [row for row in screen if row.startswith("wrote out/tiny.json")]
    assert len(json_rows) == 1 and re.fullmatch(
        r"wrote out/tiny\.json \(\d+ B, \d+\.\d\d s\)", json_rows[0]
    )
    assert len(screen) == len(error_rows) + 2, screen


def test_off_a_terminal_only_the_lines_show(folder: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT), *BUILD], cwd=folder, capture_output=True, env=environment(folder),
        timeout=WAIT_SECONDS, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.decode("utf-8").splitlines()
    assert "\x1b" not in result.stderr.decode("utf-8") and len(lines) == 3, lines
    assert f"confexport: failing: {GAVE_UP}" in lines
    assert lines[-1].startswith("wrote out/tiny.slow.txt (5 B, ")


def test_ctrl_c_on_the_terminal_keeps_what_was_written_and_names_the_rest(
    terminal: Callable[[float], Terminal], folder: Path
) -> None:
    build = terminal(60)
    build.read_until(lambda text: "wrote out/tiny.json" in text, "the json written")
    build.read_until(lambda text: re.search(r"running slow [1-9]\.\d s", text) is not None,
                     "the slow export running a second")  # fmt: skip
    pressed = time.monotonic()
    os.write(build.leader, b"\x03")  # Ctrl-C
    code = build.finish()
    assert time.monotonic() - pressed < 2.0
    assert code == 130
    screen = final_screen(bytes(build.shown))
    assert screen[-1].endswith(
        "confexport: stopped by SIGINT; what was written is kept; not written: slow"
    ), screen
    assert not [line for line in screen if "exports done" in line], screen
    assert sorted(path.name for path in (folder / "out").iterdir()) == ["tiny.json"]
