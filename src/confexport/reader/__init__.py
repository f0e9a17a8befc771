"""Markdown notes → :class:`~confexport.model.Conference`.

``read_notes`` decodes the file, splits off its front matter, lays out its shape
(:mod:`.outline`), reads each session (:mod:`.session`) and applies metadata in
order of precedence: ``-M`` over ``--metadata-file`` over the sidecar
``<stem>.yaml`` over front matter over the defaults given (the config file's
``author``) over what the reader inferred.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confexport.errors import NotesError
from confexport.images import ImageCatalogs
from confexport.memory import paused_garbage_collection
from confexport.model import Conference
from confexport.reader.assemble import build_conference
from confexport.reader.blocks import read_blocks
from confexport.reader.decode import decode_notes, read_bytes
from confexport.reader.filenames import talk_from_path
from confexport.reader.finish import finished
from confexport.reader.front_matter import read_front_matter
from confexport.reader.metadata import ConferenceFacts, conference_facts, merge_layers
from confexport.reader.metadata_load import read_metadata_file
from confexport.reader.outline import Choice, Override, choose
from confexport.reader.private_rewrite import without_private
from confexport.reader.repair import no_space_headings

__all__ = ["MetadataSources", "explain_notes", "read_notes", "read_text"]

log = logging.getLogger("confexport")
EXPECTED_STRUCTURE = (
    "expected one heading per session, for example '## Talk title' under an optional "
    "'# Conference' title and optional day headings such as '## Day 1' or '## Monday 24 April'"
)


@dataclass(frozen=True, slots=True)
class MetadataSources:
    """Metadata given from outside the notes, highest precedence last in ``layers``."""

    metadata_file: Path | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    use_sidecar: bool = True
    #: Extra folders images may come from, besides the notes folder.
    resource_paths: tuple[Path, ...] = ()
    #: The build's image catalogs: the reader's image check locates each image through
    #: them, so the exports find it located (None: a catalog for this read alone).
    images: ImageCatalogs | None = field(default=None, compare=False)
    #: An official schedule to merge (``--schedule``), over the ``schedule:`` key.
    schedule: Path | None = None
    #: Keep private blocks, marked as private (``--include-private``); else left out.
    include_private: bool = False
    #: The lowest layer, under the notes' own metadata (the config file's ``author``).
    defaults: Mapping[str, Any] = field(default_factory=dict)


def read_notes(
    path: Path | str,
    *,
    encoding: str | None = None,
    sources: MetadataSources | None = None,
) -> Conference:
    """Read a notes file and the metadata around it."""
    path = Path(path)
    text = decode_notes(read_bytes(path), str(path), encoding)
    with paused_garbage_collection():
        return read_text(text, path=path, sources=sources)


def read_text(
    text: str, *, path: Path | None = None, sources: MetadataSources | None = None
) -> Conference:
    """Read notes already decoded; ``path`` places images and names messages."""
    sources = sources or MetadataSources()
    where = str(path) if path is not None else "<notes>"
    body_lines, facts = _lines_and_facts(text, path, sources, where)
    shape = _choose(body_lines, facts, path).outline
    untitled = shape.single_talk and shape.days[0].sections[0].title_block.kind != "heading"
    if not any(day.sections for day in shape.days) or (
        untitled and (not _has_words(body_lines) or (path is None and not facts.title))
    ):
        raise NotesError(f"no sessions found; {EXPECTED_STRUCTURE}", where)
    conference = build_conference(shape, body_lines, facts, path, where)
    if sources.resource_paths:
        conference = dataclasses.replace(conference, resource_paths=sources.resource_paths)
    base = path.parent if path is not None else Path.cwd()
    return finished(
        conference, facts, base, where, schedule=sources.schedule, catalogs=sources.images
    )


def explain_notes(
    path: Path | str, *, encoding: str | None = None, sources: MetadataSources | None = None
) -> Choice:
    """The candidate structures the reader weighed for a notes file, and its choice."""
    path = Path(path)
    text = decode_notes(read_bytes(path), str(path), encoding)
    body_lines, facts = _lines_and_facts(text, path, sources or MetadataSources(), str(path))
    return _choose(body_lines, facts, path)


def _lines_and_facts(
    text: str, path: Path | None, sources: MetadataSources, where: str
) -> tuple[list[str], ConferenceFacts]:
    """The body's lines (front matter blanked, private blocks left out or marked, old
    headings repaired) and the metadata."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = read_front_matter(text, where)
    lines = text.split("\n")
    body = [""] * front.lines + lines[front.lines :]
    body_lines = no_space_headings(without_private(body, where, keep=sources.include_private))
    layers: list[Mapping[str, Any]] = [sources.defaults, front.values]
    if path is not None and sources.use_sidecar:
        sidecar = path.with_suffix(".yaml")
        if sidecar.is_file() and sidecar.resolve() != path.resolve():
            if sidecar.resolve().is_relative_to(path.parent.resolve()):
                layers.append(read_metadata_file(sidecar))
            else:  # like an image: a notes repository's symlink must not read other files
                log.warning("%s: the sidecar leads outside the notes folder; not read", sidecar)
    if sources.metadata_file is not None:
        layers.append(read_metadata_file(sources.metadata_file))
    layers.append(sources.values)
    return body_lines, conference_facts(merge_layers(layers), where)


def _choose(body_lines: Sequence[str], facts: ConferenceFacts, path: Path | None) -> Choice:
    override = Override(
        level=facts.session_level,
        bold=facts.bold_sessions,
        program=facts.list_sessions,
        single_talk=facts.single_talk,
    )
    named = talk_from_path(path) if path is not None else None
    title = facts.title or (named.title if named else None)
    blocks = read_blocks("\n".join(body_lines))
    return choose(blocks, body_lines, len(body_lines), override, title, facts.title)


def _has_words(lines: Sequence[str]) -> bool:
    return any(any(ch.isalpha() for ch in line) for line in lines)
