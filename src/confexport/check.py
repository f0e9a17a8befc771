"""``confexport check``: what in the notes would degrade an export, with file:line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from confexport import media
from confexport.model import Conference, Location, all_images
from confexport.reader.patterns import PRETALX_TALK
from confexport.text import normalise_title


@dataclass(frozen=True, slots=True)
class Finding:
    location: Location | str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def check(conference: Conference) -> list[Finding]:
    """Missing or unsafe images, images without alt text, duplicate titles,
    undated sessions and talk links that are not pretalx links."""
    findings: list[Finding] = []
    where = str(conference.source) if conference.source else "<notes>"
    titles = Counter(normalise_title(talk.title) for talk in conference.talks)
    for image in all_images(conference):
        image_at = Location(path=image.path or where, line=image.line)
        found = media.find_image(conference, image.src)
        if found.path is None and not found.remote:
            findings.append(Finding(image_at, f"image {image.src} {found.problem}"))
        if not image.alt.strip():
            findings.append(Finding(image_at, f"image {image.src} has no alt text"))
    for day in conference.days:
        for talk in day.talks:
            at = talk.source or where
            if titles[normalise_title(talk.title)] > 1:
                findings.append(Finding(at, f"title {talk.title!r} is used by another session"))
            if day.date is None and talk.start is None:
                findings.append(
                    Finding(at, f"session {talk.title!r} has no date (give 'start:' metadata)")
                )
            if talk.url and not PRETALX_TALK.match(talk.url):
                findings.append(Finding(at, f"talk link {talk.url} is not a pretalx talk link"))
    return findings
