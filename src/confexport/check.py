"""``confexport check``: what in the notes would degrade an export, with file:line, and
which private blocks the exports leave out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from confexport import fallback_font, media
from confexport.glyphs import describe_scripts, missing_scripts
from confexport.location import Location
from confexport.model import Conference, all_images
from confexport.reader.patterns import PRETALX_TALK
from confexport.reader.private import PrivateBlock, blocks_in_file
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


def check(conference: Conference, fallback: frozenset[int] = frozenset()) -> list[Finding]:
    """Missing or unsafe images, images without alt text, duplicate titles, undated
    sessions, talk links that are not pretalx links, and characters neither the PDF's
    body font nor its ``fallback`` font (the code points of ``-O cjk-font``) can draw."""
    findings: list[Finding] = []
    where = str(conference.source) if conference.source else "<notes>"
    titles = Counter(normalise_title(talk.title) for talk in conference.talks)
    for image in all_images(conference):
        image_at = Location(path=image.path or where, line=image.line)
        found = media.find_image(conference, image.src)
        if found.path is None:  # a remote one too: it is never fetched
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
    return findings + _glyph_findings(conference, where, fallback)


def _glyph_findings(conference: Conference, where: str, fallback: frozenset[int]) -> list[Finding]:
    """Characters the PDF's fonts cannot draw (they would print as boxes), by part of
    the notes: the title and preface, each day, each session."""
    parts: list[tuple[Location | str, list[str]]] = [
        (where, [conference.title, conference.subtitle or "", conference.notes])
    ]
    for day in conference.days:
        parts.append((where, [day.title, day.notes]))
        for talk in day.talks:
            texts = [talk.title, *talk.speakers, talk.abstract, talk.notes, talk.room or ""]
            parts.append((talk.source or where, texts))
    hint = "" if fallback else f"; {fallback_font.HINT}"
    findings = []
    for at, texts in parts:
        if scripts := missing_scripts(" ".join(texts), fallback):
            message = f"the PDF's fonts have no glyph for {describe_scripts(scripts)}{hint}"
            findings.append(Finding(at, message, f"the PDF's fonts lack some glyphs{hint}"))
    return findings


#: A private block and the notes file it is in.
Private = tuple[Path, PrivateBlock]


def private_blocks(files: Sequence[Path], encoding: str | None = None) -> list[Private]:
    """Every private block of the notes ``files``, in order."""
    return [(path, block) for path in files for block in blocks_in_file(path, encoding)]


def unclosed_private(found: Sequence[Private]) -> list[Finding]:
    """A comment never closed hides the rest of its file: likely a slip, so a problem."""
    return [
        Finding(
            Location(path=str(path), line=block.line),
            f"this {block.kind} is never closed: everything after it is taken as private",
        )
        for path, block in found
        if not block.closed
    ]


def private_lines(found: Sequence[Private], *, included: bool) -> list[str]:
    """What ``check`` says of private blocks: where each is, and how many per file."""
    fate = "kept, marked as private" if included else "left out of every export"
    lines = [f"{path}:{block.line}: private {block.kind} ({fate})" for path, block in found]
    per_file = Counter(path for path, _ in found)
    hint = "" if included else "; --include-private keeps them"
    for path, count in per_file.items():
        lines.append(f"{path}: {count} private block(s) {fate}{hint}")
    return lines
