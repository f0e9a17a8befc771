"""What every exporter is given besides the model and its options: the export context.

One build decides these once, for every format alike:

- :class:`Clock`: the time the outputs are dated with.  ``SOURCE_DATE_EPOCH`` when the
  environment sets it (like pandoc's ``getTimestamp``); else noon UTC of the last day of
  the (latest) conference, so a rebuild is byte-identical without the variable too;
  1980-01-01 00:00 UTC (the earliest date a zip entry holds) for notes without a date.
- ``templates``: the user's ``--templates DIR``, laid over the built-in templates.
- ``images``: the image catalogs (:mod:`confexport.images`): each image the notes
  reference located, checked and prepared once, for every format.
- :meth:`ExportContext.warn`: a warning about the notes.  The build folds a warning
  several formats give into one line naming them.
- :meth:`ExportContext.previous_output`: the file the export is about to replace
  (:mod:`confexport.previous`), read only when an exporter asks; None without one.

An exporter's context is picklable: the build sends it to its worker processes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from confexport.errors import OptionsError
from confexport.images import ImageCatalogs
from confexport.model import Conference
from confexport.previous import PreviousOutputs

log = logging.getLogger("confexport")

#: The date of notes without one: 1980-01-01 00:00 UTC, the earliest a zip entry holds.
FALLBACK_EPOCH = 315532800


#: The last second every format can date a build with: 2107-12-31 23:59:59 UTC, the
#: last a zip entry (EPUB, apkg, docx, odt) can carry.
LAST_SOURCE_DATE_EPOCH = 4354819199


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) as seconds, or None when unset.

    A value that is not a whole number of seconds from 0 to
    :data:`LAST_SOURCE_DATE_EPOCH` is an error, so every format refuses it alike
    rather than each in its own way (or with a traceback).
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12 or int(raw) > LAST_SOURCE_DATE_EPOCH:
        raise OptionsError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a Unix time in whole seconds from 0 to "
            f"{LAST_SOURCE_DATE_EPOCH} (1970-01-01 to 2107-12-31 UTC, the dates a zip "
            "file can hold)"
        )
    return int(raw)


@dataclass(frozen=True, slots=True)
class Clock:
    """The time every output of one export is dated with, in whole seconds (UTC)."""

    epoch: int
    #: True when ``SOURCE_DATE_EPOCH`` gave it, False for the fallback from the notes.
    from_environment: bool

    @classmethod
    def for_conferences(
        cls, conferences: Sequence[Conference], environment: int | None = None
    ) -> Clock:
        """``environment`` (``SOURCE_DATE_EPOCH``, read once by the caller) when given,
        else the fallback the conferences' dates fix."""
        if environment is not None:
            return cls(environment, from_environment=True)
        return cls(fallback_epoch(conferences), from_environment=False)

    @property
    def moment(self) -> dt.datetime:
        """The clock's time as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self.epoch, tz=dt.UTC)


def fallback_epoch(conferences: Sequence[Conference]) -> int:
    """Noon UTC of the last day (end, else start) of the latest conference; 1980-01-01
    when none is dated.  Never before 1980 (zip files cannot say earlier)."""
    days = [c.end or c.start for c in conferences if c.end or c.start]
    if not days:
        return FALLBACK_EPOCH
    noon = dt.datetime.combine(max(d for d in days if d), dt.time(12), tzinfo=dt.UTC)
    return max(FALLBACK_EPOCH, int(noon.timestamp()))


@dataclass(frozen=True, slots=True)
class ExportContext:
    """The services of one export, shared by every format (see the module docstring)."""

    clock: Clock
    #: The user's templates folder (``--templates DIR``), or None for the built-in ones.
    templates: Path | None = None
    #: The image catalogs: each image located, checked and prepared once per build.
    images: ImageCatalogs = field(default_factory=ImageCatalogs, compare=False)
    #: Where the export writes, to read what it replaces (none for a direct call).
    previous: PreviousOutputs = field(default_factory=PreviousOutputs)

    @classmethod
    def of(
        cls,
        conferences: Sequence[Conference],
        *,
        templates: Path | None = None,
        environment: int | None = None,
        images: ImageCatalogs | None = None,
        previous: PreviousOutputs | None = None,
    ) -> ExportContext:
        """The context of an export of ``conferences``; ``environment`` is
        ``SOURCE_DATE_EPOCH`` as the build read it (None: unset); ``images`` the build's
        catalogs (None: new ones); ``previous`` where the export writes (None: nowhere
        it wrote before)."""
        clock = Clock.for_conferences(conferences, environment)
        return cls(clock, templates, images or ImageCatalogs(), previous or PreviousOutputs())

    @classmethod
    def from_environment(
        cls, conferences: Sequence[Conference], templates: Path | None = None
    ) -> ExportContext:
        """The context an exporter called directly (without a build) gets: the clock from
        this process's ``SOURCE_DATE_EPOCH``."""
        return cls.of(conferences, templates=templates, environment=source_date_epoch())

    def writing(self, main: str) -> ExportContext:
        """This context, for an export whose main file is named ``main``
        (``<stem><extension>``): the build says so once it knows the exporter."""
        return replace(self, previous=self.previous.writing(main))

    def previous_output(self, name: str | None = None) -> bytes | None:
        """The bytes of the file this export's output ``name`` (a relative path it
        returns; None: its main file, wherever ``-o`` puts it) is about to replace; None
        when there is none (standard output, a direct call, a first build) or it cannot
        be used: not a regular file, a symlink, or over the size cap (a warning)."""
        return self.previous.read(name)

    def previous_outputs(self, pattern: str) -> dict[str, bytes]:
        """The previous files in the output folder whose names match the glob
        ``pattern`` (``notes-????-??-??.ics``), by name; the same rules as
        :meth:`previous_output`."""
        return self.previous.matching(pattern)

    def warn(self, location: object, message: str) -> None:
        """Warn about the notes at ``location`` (a talk's ``source``, a file name, or
        None), as ``notes.md:42: message``; the build shows a warning several formats
        give once, naming them."""
        if location:
            log.warning("%s: %s", location, message)
        else:
            log.warning("%s", message)


def context_for(conferences: Sequence[Conference], context: ExportContext | None) -> ExportContext:
    """``context``, or for a direct call without one, the context of the environment."""
    return context if context is not None else ExportContext.from_environment(conferences)
