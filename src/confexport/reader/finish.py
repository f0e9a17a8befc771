"""What every read does last, for a notes file and a folder of them alike: the official
schedule merged, and a warning for each image that cannot be found."""

from __future__ import annotations

import logging
from pathlib import Path

from confexport import media
from confexport.errors import MetadataError
from confexport.images import ImageCatalogs
from confexport.model import Conference, all_images
from confexport.reader.metadata import ConferenceFacts

log = logging.getLogger("confexport")


def finished(
    conference: Conference,
    facts: ConferenceFacts,
    base: Path,
    where: str,
    *,
    schedule: Path | None,
    catalogs: ImageCatalogs | None,
) -> Conference:
    """``conference`` with ``schedule`` (``--schedule``; else the metadata's
    ``schedule:`` key, found like an image, inside ``base`` only) merged into it, after
    a warning for each of its images that cannot be found."""
    schedule = schedule or _schedule_in_metadata(facts.schedule, base, where)
    if schedule is not None:
        from confexport.schedule import merge_schedule

        conference = merge_schedule(conference, schedule, facts.schedule_fields)
    warn_missing_images(conference, where, catalogs)
    return conference


def _schedule_in_metadata(value: str | None, base: Path, where: str) -> Path | None:
    if value is None:
        return None
    found = media.locate_image(value, base)
    if found.path is None:
        raise MetadataError(f"schedule {value} {found.problem}", where)
    return found.path


def warn_missing_images(conference: Conference, where: str, catalogs: ImageCatalogs | None) -> None:
    """Warn for each image that cannot be found, located through the build's catalog
    (each at its own file's line; ``where`` is the conference's file)."""
    catalog = (catalogs or ImageCatalogs()).of(conference)
    for image in all_images(conference):
        found = catalog.locate(image.src)
        if found.path is None:
            log.warning(
                "%s:%d: image %s %s", image.path or where, image.line, image.src, found.problem
            )
