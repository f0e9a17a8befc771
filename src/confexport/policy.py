"""Policy every format shares, decided once above the exporters.

- :class:`SharedOptions`: the ``-O`` options every format takes because the build
  applies them to the model before any exporter sees it (``-O attended_only=true``).
- :func:`attended_only`: the conference without the sessions marked not attended.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from confexport.model import Conference


@dataclass(frozen=True, slots=True)
class SharedOptions:
    """``-O`` options of every format, applied to the model by the build."""

    #: Leave out the sessions the notes mark as not attended (and days left empty).
    attended_only: bool = False

    def apply(self, conference: Conference) -> Conference:
        """``conference`` as these options make it, before it is exported."""
        return attended_only(conference) if self.attended_only else conference

    def apply_all(self, conferences: Sequence[Conference]) -> list[Conference]:
        return [self.apply(conference) for conference in conferences]


#: The names of the shared options, which every format accepts.
SHARED_OPTIONS = tuple(field.name for field in dataclasses.fields(SharedOptions))


def attended_only(conference: Conference) -> Conference:
    """The conference without the sessions marked not attended (and days left empty)."""
    days = []
    for day in conference.days:
        talks = tuple(talk for talk in day.talks if talk.attended)
        if talks:
            days.append(dataclasses.replace(day, talks=talks))
    return dataclasses.replace(conference, days=tuple(days))
