"""What a build reports: each export's outcome, and its files written.

An export task comes back as :class:`Exported` (its output or its error, and its
warnings); :func:`write_files` writes its files (inside the output folder, never over an
input; to standard output for ``-o -``; under the given name for ``-o FILE``) and
makes the :class:`Outcome` the command line shows.  :class:`Status` is where the
exports are, for the status line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from confexport.errors import ConfexportError, ExportError
from confexport.exporter import Output
from confexport.output import check_not_inputs, planned_files, write_inside
from confexport.plan import Plan


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one step of a build came to, for the command line to show."""

    #: What this is about: the format, after its notes file when the build has several;
    #: a notes file the reader refused.
    label: str
    #: The main file written (``standard output`` for ``-o -``); "" when none was.
    main: str = ""
    #: How many files were written, and their bytes.
    files: int = 0
    size: int = 0
    #: How long the export took.
    seconds: float = 0.0
    #: Why it failed, one line that names what it is about; "" when it did not.
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass(frozen=True, slots=True)
class Status:
    """Where a build's exports are, for a status line: how many are done of how many,
    those running with when each started (:func:`time.monotonic`), and those waiting."""

    done: int
    total: int
    running: tuple[tuple[str, float], ...] = ()
    waiting: tuple[str, ...] = ()

    @property
    def unfinished(self) -> list[str]:
        """The labels of the exports not done, running ones first."""
        return [label for label, _ in self.running] + list(self.waiting)


#: What a build hands each outcome to as it happens (the command line prints it).
Report = Callable[[Outcome], None]
#: What a build shows its progress with: a :class:`Status`, or None when it is over.
Progress = Callable[[Status | None], None]


def failures(outcomes: Sequence[Outcome]) -> list[str]:
    """The labels of what failed, each once, in order."""
    return list(dict.fromkeys(outcome.label for outcome in outcomes if outcome.failed))


@dataclass(slots=True)
class Exported:
    """One export task's outcome: the output or an error, and its warnings."""

    output: Output | None = None
    #: The exporter's file extension, for naming the output.
    extension: str = ""
    error: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def write_files(result: Exported, name: str, label: str, stem: str, plan: Plan) -> Outcome:
    """Write one export's files (or not, when it failed); what came of it."""
    if result.output is None:
        return Outcome(label, error=f"{name}: {result.error}")
    main_file = f"{stem}{result.extension}"
    try:
        files = planned_files(result.output, plan.directory, main_file)
        if plan.destination.stdout:
            return _write_stdout(files, name, label, result.seconds)
        if plan.destination.file is not None:
            files = _renamed(files, plan.directory / main_file, plan.destination.file, name)
        check_not_inputs(files, plan.protected)
        write_inside(plan.directory, files)
    except ConfexportError as exc:
        return Outcome(label, error=f"{name}: {exc}")
    except OSError as exc:
        return Outcome(label, error=f"{name}: cannot write {exc.filename}: {exc.strerror}")
    main = plan.destination.file or next(iter(files))
    size = sum(len(data) for data in files.values())
    return Outcome(label, str(main), len(files), size, result.seconds)


def _renamed(files: dict[Path, bytes], main: Path, target: Path, name: str) -> dict[Path, bytes]:
    """``files`` with the main one written as ``target`` (``-o FILE``); the others
    (images a text format refers to) go beside it, under their own names."""
    if main not in files:
        raise ExportError(f"writes {len(files)} files, none of them {main.name}; give -o DIR/")
    return {target if path == main else path: data for path, data in files.items()}


def _write_stdout(files: Mapping[Path, bytes], name: str, label: str, seconds: float) -> Outcome:
    """Write the one file of ``-o -`` to standard output; refuse several."""
    if len(files) != 1:
        return Outcome(
            label,
            error=f"{name}: writes {len(files)} files (images beside the text), "
            "which standard output cannot hold; give -o DIR/, or -O images=embed or "
            "-O images=none",
        )
    data = next(iter(files.values()))
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return Outcome(label, STANDARD_OUTPUT, 1, len(data), seconds)


#: How an outcome names standard output as the file it wrote.
STANDARD_OUTPUT = "standard output"
