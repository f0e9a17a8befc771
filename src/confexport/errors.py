"""The one exception tree of confexport.

::

    ConfexportError            anything confexport reports as a one-line message
    ├── NotesError             the notes file cannot be read or holds no sessions
    ├── MetadataError          front matter, sidecar, metadata file or -M is wrong
    ├── OptionsError           an unknown format or a bad -O key=value
    ├── PluginError            a third-party exporter cannot be loaded
    └── ExportError            an exporter failed on this conference

Every message names ``file:line`` where one is known.
"""

from __future__ import annotations

from confexport.location import Location


class ConfexportError(Exception):
    """Base class: printed as ``confexport: <location>: <message>`` and exit 1."""

    exit_code = 1

    def __init__(self, message: str, location: Location | str | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class NotesError(ConfexportError):
    """The notes cannot be read, or hold nothing confexport can use."""


class MetadataError(ConfexportError):
    """Metadata (front matter, sidecar, --metadata-file, -M) is malformed."""


class OptionsError(ConfexportError):
    """A format name or an exporter option is wrong (exit 2, like a usage error)."""

    exit_code = 2


class PluginError(ConfexportError):
    """An exporter package is broken: it fails to import or breaks the contract."""


class ExportError(ConfexportError):
    """An exporter could not produce its output."""
