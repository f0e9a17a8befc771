"""``confexport check``: what in the notes would degrade an export, with file:line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from confexport import media
from confexport.model import Conference, Location, all_images
from confexport.reader.patterns import PRETALX_TALK
from confexport.schedule.links import link_id
from confexport.text import normalise_title

NO_DATE = "a session has no date (give 'start:' metadata)"


@dataclass(frozen=True, slots=True)
class Finding:
    location: Location | str
    message: str
    #: What findings of one kind share (the message without its session or link), so
    #: that many of them read as one line; empty for a finding that stands alone.
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def folded(findings: Sequence[Finding]) -> list[str]:
    """The lines ``check`` prints: a finding of a kind seen once as it is, several of one
    kind as one line at the first, with their count and the next two places."""
    by_kind: dict[str, list[Finding]] = {}
    lines: list[str | list[Finding]] = []
    for finding in findings:
        if not finding.kind:
            lines.append(str(finding))
        elif finding.kind in by_kind:
            by_kind[finding.kind].append(finding)
        else:
            by_kind[finding.kind] = [finding]
            lines.append(by_kind[finding.kind])
    return [line if isinstance(line, str) else _one_line(line) for line in lines]


def _one_line(same: Sequence[Finding]) -> str:
    if len(same) == 1:
        return str(same[0])
    places = ", ".join(str(finding.location) for finding in same[1:3])
    more = f" and {len(same) - 3} more" if len(same) > 3 else ""
    return f"{same[0].location}: {same[0].kind} ({len(same)} times; also at {places}{more})"


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
            message = f"image {image.src} has no alt text"
            findings.append(Finding(image_at, message, "an image has no alt text"))
    for day in conference.days:
        for talk in day.talks:
            at = talk.source or where
            if titles[normalise_title(talk.title)] > 1:
                findings.append(Finding(at, f"title {talk.title!r} is used by another session"))
            if day.date is None and talk.start is None:
                message = f"session {talk.title!r} has no date (give 'start:' metadata)"
                findings.append(Finding(at, message, NO_DATE))
            if talk.url and not PRETALX_TALK.match(talk.url) and not link_id(talk.url):
                message = f"talk link {talk.url} is not a pretalx talk link"
                findings.append(Finding(at, message, "a talk link is not a pretalx talk link"))
    return findings
