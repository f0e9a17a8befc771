"""``build --watch``: rebuild a notes file's outputs when what its build reads changes.

What is watched, for each NOTES: the notes file (every notes file of a folder), its
``.yaml`` sidecar (a folder's ``conference.yaml``), ``--metadata-file``,
``--schedule`` and every image the notes refer to.  Files are polled for their
modification time and size with the standard library; a change is built once the
files have stopped changing for a moment (an editor's save is often several writes).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from confexport.destination import STDIO, is_stdin
from confexport.errors import ConfexportError, OptionsError
from confexport.messages import say

if TYPE_CHECKING:
    from confexport.build import Outcome, Report
    from confexport.model import Conference
    from confexport.reader.options import ReadingOptions

log = logging.getLogger("confexport")

#: How often the files are looked at, and how long they must stay unchanged before a
#: rebuild, in seconds.
POLL_SECONDS = 0.4
SETTLE_SECONDS = 0.3

#: A file's modification time and size; None while it does not exist.
Stamp = tuple[int, int] | None
#: Rebuilds the outputs of the given NOTES; returns what to print about it.
Rebuild = Callable[[Sequence[Path]], str]
#: Reads NOTES for the files its build depends on (it may raise ConfexportError).
Dependencies = Callable[[Path], set[Path]]


def stamps(files: Iterable[Path]) -> dict[Path, Stamp]:
    found: dict[Path, Stamp] = {}
    for path in files:
        try:
            status = path.stat()
            found[path] = (status.st_mtime_ns, status.st_size)
        except OSError:
            found[path] = None
    return found


class Watched:
    """One NOTES argument, the files its build reads, and how they were last seen."""

    def __init__(self, notes: Path, dependencies: Dependencies) -> None:
        self.notes = notes
        self._dependencies = dependencies
        self.files: set[Path] = {notes}
        self.seen: dict[Path, Stamp] = {}
        self.refresh()

    def refresh(self) -> None:
        """Read the notes again for what they depend on (after a rebuild: a new image);
        notes that cannot be read keep the files known so far."""
        try:
            self.files = self._dependencies(self.notes) | {self.notes}
        except ConfexportError:
            self.files |= {self.notes}
        self.seen = stamps(self.files)

    def changed(self) -> bool:
        return stamps(self.files) != self.seen


def watch(
    notes: Sequence[Path],
    dependencies: Dependencies,
    rebuild: Rebuild,
    echo: Callable[[str], None],
    *,
    together: bool = False,
) -> None:
    """Rebuild, until interrupted, the NOTES whose files change (``together``: all of
    them, for a ``--combine`` book), printing one line a rebuild, with its time."""
    watched = [Watched(path, dependencies) for path in notes]
    echo(f"watching {sum(len(item.files) for item in watched)} file(s); Ctrl-C stops")
    while True:
        time.sleep(POLL_SECONDS)
        changed = [item for item in watched if item.changed()]
        if not changed:
            continue
        _settle(changed)
        chosen = watched if together else changed
        started = time.strftime("%H:%M:%S")
        line = rebuild([item.notes for item in chosen])
        echo(f"{started} {line}")
        for item in chosen:
            item.refresh()


def _settle(changed: Sequence[Watched]) -> None:
    """Wait until the changed files stay as they are for :data:`SETTLE_SECONDS`."""
    last = [stamps(item.files) for item in changed]
    while True:
        time.sleep(SETTLE_SECONDS)
        now = [stamps(item.files) for item in changed]
        if now == last:
            return
        last = now


def notes_dependencies(notes: Path, read: Callable[[Path], Conference]) -> set[Path]:
    """The files a build of ``notes`` reads besides itself: its sidecar, a folder's notes
    and ``conference.yaml``, and the images it refers to (``read`` reads the notes)."""
    from confexport.media import find_image
    from confexport.model import all_images
    from confexport.reader.folder import notes_files
    from confexport.reader.folder_files import CONFERENCE_FILE

    files = {notes.with_suffix(".yaml")}
    if notes.is_dir():
        files = {*notes_files(notes), notes / CONFERENCE_FILE}
        files |= {path.with_suffix(".yaml") for path in list(files)}
    previous = log.level
    log.setLevel(logging.ERROR)  # the build warns of what the notes lack, once
    try:
        conference = read(notes)
    finally:
        log.setLevel(previous)
    for image in all_images(conference):
        located = find_image(conference, image.src)
        if located.path is not None:
            files.add(located.path)
    return files


def check_watchable(notes: Sequence[Path], output: str | None) -> None:
    """Refuse, before any work, what a watch cannot follow: notes on standard input, or
    outputs on standard output."""
    if any(is_stdin(path) for path in notes):
        raise OptionsError("--watch needs notes files to watch, not standard input (-)")
    if output == STDIO:
        raise OptionsError("--watch writes files: give -o FILE or -o DIR/, not -o -")


def watch_builds(
    notes: Sequence[Path],
    reading: ReadingOptions,
    run: Callable[[Sequence[Path], Report], list[Outcome]],
    *,
    together: bool = False,
) -> None:
    """:func:`watch` the NOTES of a build that ``run`` makes (``run(notes, report)``)."""
    from confexport.commands import read_conference

    def read(path: Path) -> Conference:
        return read_conference(path, reading)

    def dependencies(path: Path) -> set[Path]:
        return notes_dependencies(path, read) | set(reading.inputs)

    def rebuild(chosen: Sequence[Path]) -> str:
        outcomes: list[Outcome] = []
        started = time.monotonic()
        names = ", ".join(path.name for path in chosen)
        try:
            run(chosen, outcomes.append)
        except ConfexportError as exc:
            return f"{names}: {exc}; the last good outputs are kept"
        return f"{names}: {_summary(outcomes)} ({time.monotonic() - started:.1f} s)"

    watch(notes, dependencies, rebuild, say, together=together)


def _summary(outcomes: Sequence[Outcome]) -> str:
    written = sum(outcome.files for outcome in outcomes if not outcome.failed)
    failed = [outcome for outcome in outcomes if outcome.failed]
    text = f"rebuilt, {written} file(s) written"
    if failed:
        text += f"; {len(failed)} failed, first: {failed[0].error} (its last good output is kept)"
    return text
