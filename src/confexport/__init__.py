"""confexport: Markdown conference notes → PDF, EPUB, iCalendar, Anki and pandoc formats.

>>> import confexport
>>> conference = confexport.read("pycascades-2022.md")
>>> data = confexport.export(conference, "json")
>>> letter = confexport.export(conference, "pdf", paper="letter", toc=False)
>>> merged = confexport.read("pycascades-2022.md", schedule="schedule.json", use_sidecar=False)
>>> folder = confexport.read("iOSConf 2025/")   # a folder of notes files: one conference
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from confexport.context import Clock, ExportContext
from confexport.errors import (
    ConfexportError,
    ExportError,
    MetadataError,
    NotesError,
    OptionsError,
    PluginError,
)
from confexport.exporter import CombiningExporter, Exporter, Output
from confexport.location import Location
from confexport.model import Conference, Day, Image, Link, Talk

__version__ = "0.1.0"

__all__ = [
    "Clock",
    "CombiningExporter",
    "Conference",
    "ConfexportError",
    "Day",
    "ExportContext",
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


def read(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    metadata_file: str | os.PathLike[str] | None = None,
    use_sidecar: bool = True,
    resource_paths: Iterable[str | os.PathLike[str]] = (),
    schedule: str | os.PathLike[str] | None = None,
    include_private: bool = False,
) -> Conference:
    """Read a notes file, or a folder of them, into the model, exactly as ``confexport
    inspect`` does (the same options, the same errors): ``metadata`` is ``-M``,
    ``metadata_file`` ``--metadata-file``, ``use_sidecar=False`` ``--no-sidecar``,
    ``resource_paths`` ``--resource-path``, ``schedule`` ``--schedule`` and
    ``include_private=True`` ``--include-private`` (private blocks are left out unless
    it is given)."""
    from pathlib import Path

    from confexport.commands import read_conference
    from confexport.reader.options import ReadingOptions

    reading = ReadingOptions(
        encoding=encoding,
        metadata={str(key).lower(): value for key, value in (metadata or {}).items()},
        metadata_file=None if metadata_file is None else Path(metadata_file),
        use_sidecar=use_sidecar,
        resource_paths=tuple(Path(folder) for folder in resource_paths),
        schedule=None if schedule is None else Path(schedule),
        include_private=include_private,
    )
    return read_conference(Path(path), reading)


def export(
    conference: Conference,
    fmt: str,
    *,
    templates: str | os.PathLike[str] | None = None,
    **options: Any,
) -> Output:
    """Export ``conference`` to format ``fmt``, exactly as ``confexport build`` does:
    ``options`` are the ``-O`` key=values (``paper="letter"``, ``toc=False``,
    ``attended_only=True``), checked as the command line checks them (an unknown key or
    a bad value is an :class:`OptionsError` with the CLI's message); ``templates`` is
    ``--templates``.  The output is dated by ``SOURCE_DATE_EPOCH`` when it is set."""
    from pathlib import Path

    from confexport.exporter import (
        check_options,
        load_exporter,
        parse_options,
        parse_shared_options,
    )

    pairs = {key: _option_text(value) for key, value in options.items()}
    check_options([fmt], pairs)
    cls = load_exporter(fmt)
    folder = None if templates is None else Path(templates)
    context = ExportContext.from_environment([conference], folder)
    chosen = parse_shared_options(pairs).apply(conference)
    return cls().export(chosen, parse_options(cls, pairs), context)


def _option_text(value: Any) -> str:
    """A Python option value as the text ``-O`` would give (``False`` → ``false``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "none" if value is None else str(value)
