"""``build --watch``: rebuild a notes file's outputs when what its build reads changes.

What is watched, for each NOTES: the notes file (every notes file of a folder), its
``.yaml`` sidecar (a folder's ``conference.yaml``), ``--metadata-file``,
``--schedule`` and every image the notes refer to.  watchfiles follows the folders
that hold them (a folder sees an editor's save by renaming a new file over the old
one, which a watch on the file itself would lose), and only changes to those files
count.  Its debounce makes one rebuild of an editor's save of several writes.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from confexport.destination import STDIO, is_stdin
from confexport.errors import ConfexportError, OptionsError
from confexport.messages import say
from confexport.stop_signals import STOP_SIGNALS, Interrupted

if TYPE_CHECKING:
    from confexport.model import Conference
    from confexport.outcomes import Outcome, Report
    from confexport.reader.options import ReadingOptions

log = logging.getLogger("confexport")

#: A rebuild starts once the files have been quiet this long, or this long at most
#: after the first change, in milliseconds (watchfiles' ``step`` and ``debounce``).
QUIET_MS = 300
DEBOUNCE_MS = 1_600

#: Rebuilds the outputs of the given NOTES; returns what to print about it.
Rebuild = Callable[[Sequence[Path]], str]
#: Reads NOTES for the files its build depends on (it may raise ConfexportError).
Dependencies = Callable[[Path], set[Path]]


def _spellings(path: Path) -> set[Path]:
    """``path`` as an event may name it: absolute, and through its symbolic links."""
    return {path.absolute(), path.resolve()}


class Watched:
    """One NOTES argument and the files its build reads."""

    def __init__(self, notes: Path, dependencies: Dependencies) -> None:
        self.notes = notes
        self._dependencies = dependencies
        self.files: set[Path] = {notes}
        self.refresh()

    def refresh(self) -> None:
        """Read the notes again for what they depend on (after a rebuild: a new image);
        notes that cannot be read keep the files known so far."""
        try:
            self.files = self._dependencies(self.notes) | {self.notes}
        except ConfexportError:
            self.files |= {self.notes}
        self.spelled = {spelling for path in self.files for spelling in _spellings(path)}

    def touched_by(self, changed: set[Path]) -> bool:
        return not self.spelled.isdisjoint(changed)


def watch(
    notes: Sequence[Path],
    dependencies: Dependencies,
    rebuild: Rebuild,
    echo: Callable[[str], None],
    *,
    together: bool = False,
) -> None:
    """Rebuild, until a stop signal, the NOTES whose files change (``together``: all of
    them, for a ``--combine`` book), printing one line a rebuild, with its time."""
    watched = [Watched(path, dependencies) for path in notes]
    count = sum(len(item.files) for item in watched)
    ready: Callable[[], None] | None = partial(echo, f"watching {count} file(s); Ctrl-C stops")
    while True:
        with contextlib.closing(_changes(watched, ready)) as batches:
            ready = None  # said once, when the first watch is set up
            for changed in batches:
                touched = [item for item in watched if item.touched_by(changed)]
                if not touched:
                    continue
                chosen = watched if together else touched
                started = time.strftime("%H:%M:%S")
                line = rebuild([item.notes for item in chosen])
                echo(f"{started} {line}")
                folders = _folders(watched)
                for item in chosen:
                    item.refresh()
                if _folders(watched) != folders:
                    break  # a file in a new folder (a new image): watch that folder too


def _folders(watched: Sequence[Watched]) -> set[Path]:
    """The existing folders that hold the watched files."""
    return {path.parent for item in watched for path in item.spelled if path.parent.is_dir()}


def _changes(
    watched: Sequence[Watched], ready: Callable[[], None] | None
) -> Generator[set[Path], None, None]:
    """The watched files that changed, a set for each debounced batch of changes, as
    watchfiles sees them in the folders that hold them now (``ready`` is called once
    they are watched).  A stop signal that comes while it waits ends the wait and is
    raised as :class:`Interrupted` (watchfiles would take it for Ctrl-C whatever it
    was); changes made during a rebuild come after it."""
    import watchfiles

    def wanted(change: watchfiles.Change, path: str) -> bool:
        return any(Path(path) in item.spelled for item in watched)

    stop = _StopEvent(ready)
    events = watchfiles.watch(
        *sorted(_folders(watched)), watch_filter=wanted, debounce=DEBOUNCE_MS, step=QUIET_MS,
        stop_event=stop, recursive=False, raise_interrupt=False,
    )  # fmt: skip
    with contextlib.closing(events):
        while True:
            with _stop_signals_set(stop) as received:
                batch = next(events, None)
            if received:
                raise Interrupted(received[0])
            if batch is None:
                return
            yield {Path(path) for _, path in batch}


class _StopEvent:
    """watchfiles' stop event.  watchfiles first asks it whether to stop once its
    folders are watched: ``ready`` is called then, so that "watching" is said only when
    a save would be seen."""

    def __init__(self, ready: Callable[[], None] | None) -> None:
        self._event = threading.Event()
        self._ready = ready

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        if self._ready is not None:
            ready, self._ready = self._ready, None
            ready()
        return self._event.is_set()


@contextlib.contextmanager
def _stop_signals_set(stop: _StopEvent) -> Iterator[list[int]]:
    """While inside, a stop signal sets ``stop`` and is kept in the list yielded, rather
    than raising at once (watchfiles would swallow it); the old handlers come back after."""
    received: list[int] = []

    def keep(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        stop.set()

    previous = {number: signal.signal(number, keep) for number in STOP_SIGNALS}
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
