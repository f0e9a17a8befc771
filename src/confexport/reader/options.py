"""How the command line (and :func:`confexport.read`) asks for notes to be read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confexport.images import ImageCatalogs
from confexport.reader import MetadataSources


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadingOptions:
    """``inspect``'s, ``check``'s and ``build``'s reading options, one field each."""

    #: ``--encoding``: the notes' encoding when not UTF-8 (None: detected).
    encoding: str | None = None
    #: ``--metadata-file``.
    metadata_file: Path | None = None
    #: ``-M key=value``, keys in lower case.
    metadata: Mapping[str, Any] = field(default_factory=dict)
    #: False is ``--no-sidecar``.
    use_sidecar: bool = True
    #: ``--resource-path``: other folders of images.
    resource_paths: tuple[Path, ...] = ()
    #: The build's image catalogs, which the reader's image check fills (None: its own).
    images: ImageCatalogs | None = field(default=None, compare=False)
    #: ``--schedule``: the official schedule to merge.
    schedule: Path | None = None
    #: ``--include-private``: keep private blocks, marked.
    include_private: bool = False
    #: Metadata under the notes' own (the config file's ``author``): used for a key that
    #: neither the notes' front matter, their sidecar, ``--metadata-file`` nor ``-M`` gives.
    default_metadata: Mapping[str, Any] = field(default_factory=dict)

    def sources(self) -> MetadataSources:
        """These options as the reader's metadata sources."""
        return MetadataSources(
            metadata_file=self.metadata_file,
            values=self.metadata,
            use_sidecar=self.use_sidecar,
            resource_paths=self.resource_paths,
            images=self.images,
            schedule=self.schedule,
            include_private=self.include_private,
            defaults=self.default_metadata,
        )

    @property
    def inputs(self) -> tuple[Path, ...]:
        """The files besides the notes that reading reads (never written by a build)."""
        return tuple(path for path in (self.metadata_file, self.schedule) if path is not None)
