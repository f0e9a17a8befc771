"""confexport: Markdown conference notes → PDF, EPUB, iCalendar, Anki and pandoc formats.

>>> import confexport
>>> conference = confexport.read("pycascades-2022.md")
>>> data = confexport.export(conference, "json")
>>> folder = confexport.read("iOSConf 2025/")   # a folder of notes files: one conference
"""

from __future__ import annotations

from typing import Any

from confexport.errors import (
    ConfexportError,
    ExportError,
    MetadataError,
    NotesError,
    OptionsError,
    PluginError,
)
from confexport.exporter import Exporter, Output
from confexport.model import Conference, Day, Image, Link, Location, Talk

__version__ = "0.1.0"

__all__ = [
    "Conference",
    "ConfexportError",
    "Day",
    "ExportError",
    "Exporter",
    "Image",
    "Link",
    "Location",
    "MetadataError",
    "NotesError",
    "OptionsError",
    "Output",
    "PluginError",
    "Talk",
    "__version__",
    "export",
    "read",
]


def read(path: Any, **kwargs: Any) -> Conference:
    """Read a notes file, or a folder of them, into the model (see
    :func:`confexport.reader.read_notes` and :func:`confexport.reader.folder.read_folder`)."""
    from pathlib import Path

    if Path(path).is_dir():
        from confexport.reader.folder import read_folder

        return read_folder(path, **kwargs)
    from confexport.reader import read_notes

    return read_notes(path, **kwargs)


def export(conference: Conference, fmt: str, **options: str) -> Output:
    """Export ``conference`` to format ``fmt``; ``options`` are the ``-O`` key=values."""
    from confexport.exporter import load_exporter, parse_options

    cls = load_exporter(fmt)
    return cls().export(conference, parse_options(cls, options))
