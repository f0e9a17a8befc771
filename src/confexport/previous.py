"""The files a build is about to replace, for an exporter that carries something on.

A build writes over what it wrote last time.  An exporter that numbers revisions (the
calendar's ``SEQUENCE``) asks its context for the previous output; nothing is read
until it asks, so the other formats pay nothing.  What is read is only the output
folder's own files, each at most :data:`MAX_PREVIOUS_BYTES`: no symlink is followed
and nothing but a regular file is opened (a FIFO would block, a device never end).  A
file that exists but cannot be used is one warning, and is treated as absent; one
that is not there is simply absent.  Standard output (``-o -``) and a direct call of
an exporter have no previous output.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

log = logging.getLogger("confexport")

#: The largest previous file read (a calendar of 1,000 sessions is about 1.2 MB).
MAX_PREVIOUS_BYTES = 8 * 1024 * 1024
#: The most previous files one pattern reads (``split=day``: a year of days).
MAX_PREVIOUS_FILES = 366


@dataclass(frozen=True, slots=True)
class PreviousOutputs:
    """Where one export writes, so what it is about to replace (read on request)."""

    #: The folder the export writes in; None when nothing was written before it
    #: (standard output, an exporter called directly).
    folder: Path | None = None
    #: The one file ``-o FILE`` names, which the main output is written as.
    file: Path | None = None
    #: The main output's name as the build would write it: ``<stem><extension>``.
    main: str = ""

    def writing(self, main: str) -> PreviousOutputs:
        """These outputs, for an export whose main file is named ``main``."""
        return replace(self, main=main)

    def read(self, name: str | None = None) -> bytes | None:
        """The previous file the export's output ``name`` (a relative path it returns)
        replaces; None, its main file (``-o FILE``, else ``<stem><extension>``).  None
        when there is none, or it cannot be used (a warning says why)."""
        path = self.path(name)
        return _read_capped(path) if path is not None else None

    def matching(self, pattern: str) -> dict[str, bytes]:
        """The previous files of the output folder whose names match the glob
        ``pattern`` (``notes-????-??-??.ics``), by name, in name order; the first
        :data:`MAX_PREVIOUS_FILES` of them."""
        if self.folder is None:
            return {}
        try:
            names = sorted(
                path.name
                for path in self.folder.iterdir()
                if fnmatch.fnmatchcase(path.name, pattern)
            )
        except OSError:
            return {}  # no folder yet: nothing was written there before
        if len(names) > MAX_PREVIOUS_FILES:
            log.warning(
                "%s: %d previous files match %s; only the first %d are read",
                self.folder, len(names), pattern, MAX_PREVIOUS_FILES,
            )  # fmt: skip
        found = {name: _read_capped(self.folder / name) for name in names[:MAX_PREVIOUS_FILES]}
        return {name: data for name, data in found.items() if data is not None}

    def path(self, name: str | None = None) -> Path | None:
        """Where the previous file of the output ``name`` (None: the main one) is; None
        when there is none or the name would leave the output folder."""
        if self.folder is None:
            return None
        if name is None or name == self.main:
            if self.file is not None:
                return self.file
            name = self.main
        parts = PurePosixPath(name).parts
        if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
            return None
        path = self.folder.joinpath(*parts)
        if not path.parent.resolve().is_relative_to(self.folder.resolve()):
            return None  # a symlinked folder under the output one: never followed
        return path


def _read_capped(path: Path) -> bytes | None:
    """``path``'s bytes when it is a regular file (not a symlink) of at most
    :data:`MAX_PREVIOUS_BYTES`; None when it is absent, a warning and None when it
    cannot be used."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        why = "it is a symlink" if path.is_symlink() else exc.strerror or type(exc).__name__
        log.warning("%s: previous output not read: %s", path, why)
        return None
    data = b""
    with os.fdopen(handle, "rb") as stream:
        try:
            problem = _unusable(os.fstat(stream.fileno()))
            if not problem:
                data = stream.read(MAX_PREVIOUS_BYTES + 1)
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
    if not problem and len(data) > MAX_PREVIOUS_BYTES:
        problem = "it grew while being read"
    if problem:
        log.warning("%s: previous output not read: %s", path, problem)
        return None
    return data


def _unusable(status: os.stat_result) -> str:
    """Why a file of this status is not read, or ""."""
    if not stat.S_ISREG(status.st_mode):
        return "not a regular file"
    if status.st_size > MAX_PREVIOUS_BYTES:
        return f"larger than {MAX_PREVIOUS_BYTES // (1024 * 1024)} MB"
    return ""
