"""What a build is asked to make (:class:`Plan`), checked before any work."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from confexport.context import ExportContext
from confexport.destination import Destination
from confexport.errors import ConfexportError, OptionsError
from confexport.exporter import is_text_format, load_exporter
from confexport.images import ImageCatalogs
from confexport.model import Conference
from confexport.output import check_not_inputs
from confexport.previous import PreviousOutputs
from confexport.reader.options import ReadingOptions


@dataclass(frozen=True, slots=True)
class Plan:
    """What to build: formats, their options, where, and how to read the notes."""

    formats: tuple[str, ...]
    option_pairs: Mapping[str, str]
    destination: Destination
    inputs: tuple[Path, ...]
    reading: ReadingOptions
    #: The user's templates folder (``--templates``), for every format's context.
    templates: Path | None = None
    #: ``SOURCE_DATE_EPOCH``, read once for the whole build (None: unset).
    epoch: int | None = None
    #: The build's image catalogs, shared by every export (:mod:`confexport.images`).
    images: ImageCatalogs = field(default_factory=ImageCatalogs, compare=False)

    def context(self, conferences: Sequence[Conference]) -> ExportContext:
        """The export context of ``conferences``: the build's clock, templates, images
        and where it writes (:meth:`ExportContext.writing` names the main file)."""
        return ExportContext.of(
            conferences,
            templates=self.templates,
            environment=self.epoch,
            images=self.images,
            previous=self.previous_outputs,
        )

    @property
    def previous_outputs(self) -> PreviousOutputs:
        """Where the outputs go, so what they replace: nothing for standard output."""
        where = self.destination
        if where.stdout:
            return PreviousOutputs()
        file = where.file.absolute() if where.file is not None else None
        return PreviousOutputs(folder=where.folder.absolute(), file=file)

    @property
    def directory(self) -> Path:
        """The folder outputs are written in."""
        return self.destination.folder

    @property
    def protected(self) -> tuple[Path, ...]:
        """Every file the build reads, so never writes: the notes, the metadata file and
        the schedule."""
        return (*self.inputs, *self.reading.inputs)


def check_plan(plan: Plan, combine: str | None) -> None:
    """Refuse, before any work, an output folder that cannot be one, the default one
    inside a notes folder, a --combine name that leaves it, two notes files whose
    outputs would overwrite each other, and a single output (``-o FILE``, ``-o -``) that
    cannot hold what the build makes."""
    if plan.destination.single:
        _check_single(plan, combine)
    elif plan.directory.exists() and not plan.directory.is_dir():
        raise OptionsError(f"-o {plan.directory}: exists and is not a folder")
    if not plan.destination.given:
        for path in plan.inputs:
            if path.is_dir() and plan.directory.resolve().is_relative_to(path.resolve()):
                raise OptionsError(
                    f"the default output folder {plan.directory} is inside the notes folder "
                    f"{path}; give another one with -o (or -o {plan.directory} to write there)"
                )
    if combine is not None:
        if not combine or Path(combine).name != combine or combine in (".", ".."):
            raise OptionsError(f"--combine {combine!r}: give a file name, not a path")
        return
    stems: dict[str, Path] = {}
    for path in plan.inputs:
        stem = output_stem(path)
        other = stems.setdefault(stem, path)
        if other != path:
            raise OptionsError(
                f"{other} and {path} would both be written as {plan.directory / stem}.*; "
                "build them into different -o folders, or --combine them"
            )


def _check_single(plan: Plan, combine: str | None) -> None:
    """``-o FILE`` and ``-o -`` take one format of one notes file (or of one book), never
    an input, and ``-o -`` a binary format only when standard output is not a terminal."""
    where = plan.destination
    if len(plan.formats) > 1:
        raise OptionsError(
            f"{where} is one file, but {len(plan.formats)} formats are selected "
            f"({', '.join(plan.formats)}); give one -t, or a folder: -o DIR/"
        )
    if len(plan.inputs) > 1 and combine is None:
        raise OptionsError(
            f"{where} is one file, but {len(plan.inputs)} notes files are given; "
            "give a folder (-o DIR/) or make one book of them with --combine"
        )
    if where.file is not None:
        try:
            check_not_inputs([where.file], plan.protected)
        except ConfexportError as exc:
            raise OptionsError(f"{where}: {exc.message}; give another name") from None
    if where.stdout and sys.stdout.isatty():
        exporter = load_exporter(plan.formats[0])
        if not is_text_format(exporter):
            raise OptionsError(
                f"-o -: {exporter.name} is a binary format and standard output is a "
                f"terminal; redirect it (> file{exporter.extension}) or give "
                f"-o file{exporter.extension}"
            )


def output_stem(path: Path) -> str:
    """The name outputs of ``path`` are written under: a file's stem, a folder's name."""
    return (path.resolve().name or "notes") if path.is_dir() else path.stem
