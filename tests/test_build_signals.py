"""Workers live and die with the build: real signals sent to a real build of 1,000 sessions.

Each test starts ``confexport build`` on generated notes with ``TMPDIR`` set to a fresh
folder, waits until pandoc is writing the docx and the quick formats are written, then
signals the build (or one of its workers) and checks, through ``/proc``, that no
process of the build is left, that the finished outputs are kept, and that no ``.part``
file or temporary folder remains.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

#: A process, told apart from a later one that reuses its pid by its start time.
Process = tuple[int, int]


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notes")
    path = folder / "n1000.md"
    path.write_text(generate(1000), encoding="utf-8")
    shutil.copytree(ROOT / "pictures", folder / "pictures")
    return path


class Build:
    """A ``confexport build`` running in the background, with its own TMPDIR."""

    def __init__(self, notes: Path, formats: str, folder: Path) -> None:
        self.out = folder / "out"
        self.scratch = folder / "scratch"
        self.scratch.mkdir()
        self.stderr = folder / "stderr.txt"
        #: Every process seen under the build, to end them should a test fail.
        self.seen: set[Process] = set()
        script = Path(sys.executable).with_name("confexport")
        command = [str(script), "build", str(notes), "-t", formats, "-o", str(self.out)]
        with self.stderr.open("wb") as stderr:
            self.process = subprocess.Popen(
                command, stderr=stderr, env={**os.environ, "TMPDIR": str(self.scratch)}
            )

    def messages(self) -> str:
        return self.stderr.read_text(encoding="utf-8")

    def wait_until_pandoc_runs_and(self, *names: str, writer: str = "docx") -> set[Process]:
        """Wait until pandoc's ``writer`` runs under the build and ``names`` are written;
        the build's processes (its workers and their children) at that moment."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.messages()
            processes = descendants(self.process.pid)
            self.seen |= processes
            written = all((self.out / name).is_file() for name in names)
            if written and any(_runs_pandoc(pid, writer) for pid, _ in processes):
                return processes
            time.sleep(0.05)
        raise AssertionError(f"pandoc never ran, or {names} were never written")

    def exit_code_within(self, seconds: float) -> int:
        started = time.monotonic()
        code = self.process.wait(timeout=60)
        elapsed = time.monotonic() - started
        assert elapsed < seconds, f"the build took {elapsed:.1f} s to stop"
        return code

    def left_behind(self) -> list[str]:
        """``.part`` files in the output folder, and anything in TMPDIR."""
        parts = [path.name for path in self.out.glob(".*.part")] if self.out.exists() else []
        return parts + [path.name for path in self.scratch.iterdir()]


@pytest.fixture
def start(notes: Path, tmp_path: Path) -> Iterator[Callable[[str], Build]]:
    builds: list[Build] = []

    def begin(formats: str) -> Build:
        builds.append(Build(notes, formats, tmp_path))
        return builds[-1]

    yield begin
    for build in builds:  # a failed test must not leave a build running
        build.process.kill()
        build.process.wait()
        for pid, _ in alive(build.seen):
            _kill(pid)


def descendants(root: int) -> set[Process]:
    """Every live process below ``root``, read from /proc."""
    children: dict[int, list[Process]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (status := _status(int(entry.name))) is not None:
            parent, started = status
            children.setdefault(parent, []).append((int(entry.name), started))
    found: set[Process] = set()
    pending = [root]
    while pending:
        for child in children.get(pending.pop(), []):
            found.add(child)
            pending.append(child[0])
    return found


def alive(processes: set[Process]) -> set[Process]:
    """Those of ``processes`` still running (a zombie or a reused pid is not)."""
    return {(pid, started) for pid, started in processes if _started(pid) == started}


def wait_until_gone(processes: set[Process], seconds: float) -> set[Process]:
    deadline = time.monotonic() + seconds
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.02)
    return alive(processes)


def _status(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time) of a live, non-zombie process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] in "ZX" else (int(fields[1]), int(fields[19]))


def _started(pid: int) -> int | None:
    status = _status(pid)
    return None if status is None else status[1]


def _runs_pandoc(pid: int, writer: str) -> bool:
    """Is ``pid`` a pandoc writing ``writer`` (not the one asked for its API version)?"""
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    wanted = f"--to={writer}".encode()
    return Path(arguments[0].decode()).name == "pandoc" and any(
        argument.startswith(wanted) for argument in arguments
    )


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_ends_the_workers_and_keeps_the_finished_outputs(
    start: Callable[[str], Build], stop: signal.Signals
) -> None:
    build = start("docx,ics,json")
    processes = build.wait_until_pandoc_runs_and("n1000.ics", "n1000.json")
    build.process.send_signal(stop)
    assert build.exit_code_within(2.0) == 128 + stop
    assert alive(processes) == set()
    assert sorted(path.name for path in build.out.iterdir()) == ["n1000.ics", "n1000.json"]
    assert build.left_behind() == []
    assert f"stopped by {stop.name}; what was written is kept; not written: docx\n" in (
        build.messages()
    )
    assert "Traceback" not in build.messages()


def test_a_stop_signal_ends_the_pandoc_of_an_export_run_in_the_build_process(
    start: Callable[[str], Build],
) -> None:
    # One task: no workers, pandoc runs under the build itself.  Markdown, because
    # pandoc reads no template from its folder: nothing stops it but a signal.
    build = start("md")
    processes = build.wait_until_pandoc_runs_and(writer="gfm")
    time.sleep(1)  # past reading its input, which would end when the build goes away
    build.process.send_signal(signal.SIGTERM)
    assert build.exit_code_within(2.0) == 128 + signal.SIGTERM
    assert wait_until_gone(processes, 1.0) == set()
    assert not build.out.exists() and build.left_behind() == []


def test_workers_of_a_build_killed_outright_exit_within_2_s(start: Callable[[str], Build]) -> None:
    build = start("docx,ics,json")
    processes = build.wait_until_pandoc_runs_and("n1000.ics", "n1000.json")
    build.process.kill()
    build.process.wait()
    assert wait_until_gone(processes, 2.0) == set()
    assert build.left_behind() == []


def test_a_killed_worker_costs_only_its_own_export(start: Callable[[str], Build]) -> None:
    build = start("docx,ics,json")
    processes = build.wait_until_pandoc_runs_and("n1000.ics", "n1000.json")
    pandoc = next(pid for pid, _ in processes if _runs_pandoc(pid, "docx"))
    status = _status(pandoc)
    assert status is not None
    os.kill(status[0], signal.SIGKILL)  # the docx worker, as the out-of-memory killer would
    assert build.exit_code_within(10.0) == 1
    assert alive(processes) == set()
    assert sorted(path.name for path in build.out.iterdir()) == ["n1000.ics", "n1000.json"]
    assert build.left_behind() == []
    lost = [line for line in build.messages().splitlines() if "docx" in line]
    assert lost == [
        "confexport: docx: its worker process was killed by SIGKILL "
        "(as the out-of-memory killer does)"
    ]
    assert "Traceback" not in build.messages()


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _parent_and_tmpdir() -> tuple[int, str]:
    import tempfile

    return os.getppid(), tempfile.gettempdir()


def test_a_worker_that_dies_is_replaced_for_the_tasks_left(tmp_path: Path) -> None:
    from confexport.workers import WorkerLost, WorkerPool

    with WorkerPool(1, prepare=lambda: None) as pool:
        for key in range(4):
            pool.submit(key, _die if key == 1 else _parent_and_tmpdir)
        outcomes = {key: (succeeded, value) for key, succeeded, value in pool.completed()}
    assert sorted(outcomes) == [0, 1, 2, 3]
    succeeded, lost = outcomes.pop(1)
    assert not succeeded and isinstance(lost, WorkerLost)
    assert str(lost).startswith("its worker process was killed by SIGKILL")
    for succeeded, (parent, folder) in outcomes.values():
        assert succeeded and parent == os.getpid()
        assert Path(folder).name.startswith("confexport-worker-")
        assert not Path(folder).exists()  # each worker's private TMPDIR is gone with it


def _own_children() -> list[int]:
    """This process's children as Linux lists them, zombies (not yet reaped) included."""
    return [
        int(pid)
        for listing in Path("/proc/self/task").glob("*/children")
        for pid in listing.read_text().split()
    ]


def test_an_interrupted_pandoc_is_killed_and_reaped_before_its_folder_goes(
    tmp_path: Path,
) -> None:
    # A stop signal that lands while pandoc writes must not leave pandoc writing into
    # the folder the unwinding build removes: once run_pandoc has raised, it is gone.
    from confexport.exporters.pandoc import pandoc_api_version, run_pandoc
    from confexport.stop_signals import Interrupted, stop_signals_interrupt

    paragraph = {"t": "Para", "c": [{"t": "Str", "c": "word"}, {"t": "Space"}] * 50}
    ast = {"pandoc-api-version": list(pandoc_api_version()), "meta": {}, "blocks": []}
    source = json.dumps({**ast, "blocks": [paragraph] * 40_000})
    before = _own_children()
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    with pytest.raises(Interrupted), stop_signals_interrupt():
        timer.start()
        run_pandoc(source, "docx", [], tmp_path, 0)
    timer.join()
    assert _own_children() == before
    assert not (tmp_path / "output").exists()


def test_a_stop_signal_while_a_scratch_folder_is_removed_waits_until_it_is_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from confexport import stop_signals

    removed: list[str] = []
    rmtree = shutil.rmtree

    def signalled_midway(path: str, ignore_errors: bool = False) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # handled at once, unless held
        rmtree(path, ignore_errors=ignore_errors)
        removed.append(path)

    monkeypatch.setattr(stop_signals.shutil, "rmtree", signalled_midway)
    with (
        pytest.raises(stop_signals.Interrupted),
        stop_signals.stop_signals_interrupt(),
        stop_signals.scratch_folder("confexport-test-") as folder,
    ):
        (folder / "output").write_bytes(b"written")
    assert removed == [str(folder)] and not folder.exists()
