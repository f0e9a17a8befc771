"""Where ``build -o`` writes, by pandoc's habits.

- ``-o -`` is standard output: one text format (a binary one only when standard
  output is not a terminal);
- ``-o DIR/`` (a trailing slash), an existing folder, a name without an extension, or
  no ``-o`` at all (``out``) is a folder: ``DIR/<notes-stem><extension>``;
- any other name, ``-o hand.pdf``, is that one file; without ``-t``, its extension
  names the format.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: What ``-`` means as NOTES (standard input) and as ``-o`` (standard output).
STDIO = "-"


@dataclass(frozen=True, slots=True)
class Destination:
    """A build's output: a folder, one named file, or standard output."""

    #: The folder files are written in (a named file's folder).
    folder: Path
    #: The one file ``-o FILE`` names.
    file: Path | None = None
    stdout: bool = False
    #: False when the folder is the default, ``out``, rather than ``-o``.
    given: bool = True

    @property
    def single(self) -> bool:
        """True when the destination holds one output only (a file, standard output)."""
        return self.stdout or self.file is not None

    def __str__(self) -> str:
        if self.stdout:
            return "-o -"
        return f"-o {self.file if self.file is not None else self.folder}"


def destination(raw: str | None) -> Destination:
    """The destination ``-o raw`` names (None: the default folder)."""
    if raw is None:
        return Destination(folder=Path("out"), given=False)
    if raw == STDIO:
        return Destination(folder=Path(), stdout=True)
    path = Path(raw)
    seps = (os.sep, os.altsep) if os.altsep else (os.sep,)
    if raw.endswith(seps) or path.is_dir() or not path.suffix:
        return Destination(folder=path)
    return Destination(folder=path.parent, file=path)


def is_stdin(path: Path) -> bool:
    """True for the NOTES argument ``-``."""
    return str(path) == STDIO
