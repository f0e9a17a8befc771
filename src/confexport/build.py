"""``confexport build``: read notes, run exporters on both cores, write files.

The notes are read here, once each.  Every (notes file, format) pair is then one
export task; with more than one task they run in a pool of two worker processes
(:mod:`confexport.workers`), the slowest formats first.  The workers start before the
notes are read, so they import the exporters' libraries meanwhile, and stay small.
Warnings raised in a worker travel back to this process, so ``--strict`` and
de-duplication see every one.  Files are written here, atomically, as each export
finishes: a worker that dies costs only its own export, and a build stopped by a
signal keeps what it had written.  ``--combine`` makes one book of all the notes for
the formats that can.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confexport.context import ExportContext
from confexport.destination import Destination
from confexport.errors import ConfexportError, ExportError, OptionsError
from confexport.exporter import (
    CombiningExporter,
    Output,
    can_combine,
    check_options,
    export_cost,
    is_text_format,
    load_exporter,
    parse_options,
    parse_shared_options,
)
from confexport.messages import say, terminal_safe
from confexport.model import Conference
from confexport.output import check_not_inputs, planned_files, write_inside
from confexport.text import paused_garbage_collection
from confexport.workers import WorkerPool

log = logging.getLogger("confexport")


@dataclass(frozen=True, slots=True)
class Plan:
    """What to build: formats, their options, where, and how to read the notes."""

    formats: tuple[str, ...]
    option_pairs: Mapping[str, str]
    destination: Destination
    inputs: tuple[Path, ...]
    reading: Mapping[str, Any]
    quiet: bool = False
    #: The user's templates folder (``--templates``), for every format's context.
    templates: Path | None = None
    #: ``SOURCE_DATE_EPOCH``, read once for the whole build (None: unset).
    epoch: int | None = None

    def context(self, conferences: Sequence[Conference]) -> ExportContext:
        """The export context of ``conferences``: the build's clock and templates."""
        return ExportContext.of(conferences, templates=self.templates, environment=self.epoch)

    @property
    def directory(self) -> Path:
        """The folder outputs are written in."""
        return self.destination.folder

    @property
    def protected(self) -> tuple[Path, ...]:
        """Every file the build reads, so never writes: the notes, the metadata file and
        the schedule."""
        extra = (self.reading.get("metadata_file"), self.reading.get("schedule"))
        return (*self.inputs, *(path for path in extra if isinstance(path, Path)))


@dataclass(slots=True)
class Exported:
    """One export task's outcome: the output or an error, and its warnings."""

    output: Output | None = None
    #: The exporter's file extension, for naming the output.
    extension: str = ""
    error: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


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


def build(plan: Plan, read: Callable[..., Conference]) -> list[str]:
    """Build every notes file of ``plan`` in every format; returns what failed."""
    parallel = len(plan.inputs) * len(plan.formats) > 1 and (os.cpu_count() or 1) > 1
    pool = _workers(plan.formats) if parallel else None
    with pool or contextlib.nullcontext():
        # The options are checked where the exporters are imported: in a worker while
        # the notes are read here, so this process never loads their libraries.
        if pool is None:
            costs = _checked_costs(plan.formats, plan.option_pairs)
        else:
            pool.submit(_CHECK, _checked_costs, plan.formats, plan.option_pairs)
        shared = parse_shared_options(plan.option_pairs)
        failed: list[str] = []
        conferences: list[tuple[Path, Conference]] = []
        for path in plan.inputs:
            try:
                conference = read(path, **plan.reading)
            except ConfexportError as exc:
                say(f"confexport: {exc}")
                failed.append(str(path))
                continue
            talks, days = len(conference.talks), len(conference.days)
            log.info("read %s: %d sessions in %d day(s)", path, talks, days)
            conferences.append((path, shared.apply(conference)))
        if pool is not None:
            costs = pool.result(_CHECK)  # raises the worker's OptionsError or PluginError
        tasks = [(path, c, name) for path, c in conferences for name in plan.formats]
        return failed + _run(tasks, plan, pool, costs)


#: The key of the options check among a pool's tasks (export tasks are numbered).
_CHECK = "check options"


def _workers(formats: Sequence[str]) -> WorkerPool | None:
    """Two workers, started now: they import the exporters while the notes are read.
    None when they cannot start (no usable temporary folder): the build runs here."""
    try:
        return WorkerPool(2, functools.partial(_prepare_worker, formats))
    except OSError as exc:
        log.debug("no export workers (%s); exporting in this process", exc)
        return None


def _prepare_worker(formats: Sequence[str]) -> None:
    # Below the reading process in priority: its parse is what the exports wait for.
    with contextlib.suppress(OSError):
        os.nice(5)
    log.handlers[:] = [_COLLECTOR]
    log.propagate = False
    for name in formats:
        with contextlib.suppress(ConfexportError):
            load_exporter(name)


def _checked_costs(formats: Sequence[str], pairs: Mapping[str, str]) -> dict[str, int]:
    """Check the options (:func:`check_options`); then each format's export cost."""
    check_options(formats, pairs)
    return {name: export_cost(load_exporter(name)) for name in formats}


def _run(
    tasks: Sequence[tuple[Path, Conference, str]],
    plan: Plan,
    pool: WorkerPool | None,
    costs: Mapping[str, int],
) -> list[str]:
    """Run every export task and write each one's files as it finishes; what failed."""
    progress = _Progress(plan.quiet)
    several = len({path for path, _, _ in tasks}) > 1
    failed: list[str] = []
    relayed: dict[str, list[str]] = {}  # a worker's warning → the formats that gave it

    def finish(index: int, result: Exported) -> None:
        path, conference, name = tasks[index]
        progress.clear()
        for message in result.warnings:
            if name not in (formats := relayed.setdefault(message, [])):
                formats.append(name)
        if not _finish(result, name, conference.stem, plan):
            failed.append(f"{path}: {name}" if several else name)

    try:
        if pool is None:
            for index, (_, conference, name) in enumerate(tasks):
                progress.show(f"{conference.stem}: {name}")
                context = plan.context([conference])
                finish(index, _export(conference, name, plan.option_pairs, context))
        else:
            for index in sorted(range(len(tasks)), key=lambda i: -costs[tasks[i][2]]):
                _, conference, name = tasks[index]
                context = plan.context([conference])
                pool.submit(index, _export_in_worker, conference, name, plan.option_pairs, context)
            for done, (key, succeeded, value) in enumerate(pool.completed(), start=1):
                assert isinstance(key, int)
                finish(key, value if succeeded else Exported(error=str(value)))
                progress.show(f"{done}/{len(tasks)} exports done")
    finally:
        progress.clear()
        _relay(relayed, plan.formats)
    return failed


def _relay(warnings: Mapping[str, Sequence[str]], selected: Sequence[str]) -> None:
    """Log each distinct warning of the exports once, naming the formats that gave it (in
    ``-t`` order) when several were selected."""
    for message, formats in warnings.items():
        named = sorted(formats, key=selected.index) if len(selected) > 1 else []
        log.warning("%s", message, extra={"formats": tuple(named)})


def _export_in_worker(
    conference: Conference, name: str, pairs: Mapping[str, str], context: ExportContext
) -> Exported:
    _COLLECTOR.messages.clear()
    result = _export(conference, name, pairs, context)
    result.warnings.extend(_COLLECTOR.messages)
    return result


def _export(
    conference: Conference, name: str, pairs: Mapping[str, str], context: ExportContext
) -> Exported:
    def export() -> tuple[Output, str]:
        exporter = load_exporter(name)
        options = parse_options(exporter, pairs)
        return exporter().export(conference, options, context), exporter.extension

    return _attempt(name, export)


def _attempt(name: str, export: Callable[[], tuple[Output, str]]) -> Exported:
    """Run one export (returning its output and extension), timed; any failure, even a
    bug in the exporter, becomes its error line, so it never takes the others down."""
    started = time.perf_counter()
    try:
        with paused_garbage_collection():
            output, extension = export()
    except ConfexportError as exc:
        return Exported(error=str(exc))
    except Exception as exc:
        log.debug("exporter %s failed", name, exc_info=True)
        return Exported(error=f"internal error, please report it: {type(exc).__name__}: {exc}")
    return Exported(output=output, extension=extension, seconds=time.perf_counter() - started)


class _Collector(logging.Handler):
    """Keeps a worker's warnings, to send back with its result."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_COLLECTOR = _Collector()


def build_combined(
    plan: Plan, conferences: Sequence[Conference], stem: str, title: str
) -> list[str]:
    """One book of every conference, for each format that can combine.  When a format
    fails on some of the notes, the book is written of the others and those are named."""
    failed: list[str] = []
    conferences = parse_shared_options(plan.option_pairs).apply_all(conferences)
    for name in plan.formats:
        exporter = load_exporter(name)
        if not can_combine(exporter):
            say(f"confexport: {name}: cannot combine several notes files")
            failed.append(name)
            continue
        result, left_out = _combined(exporter, plan, conferences, stem, title)
        for conference, error in left_out:
            say(f"confexport: {name}: {conference.source}: {error}; the book is written without it")
        if not _finish(result, name, stem, plan) or left_out:
            failed.append(name)
    return failed


def _combined(
    exporter: type[CombiningExporter[Any]],
    plan: Plan,
    conferences: Sequence[Conference],
    stem: str,
    title: str,
) -> tuple[Exported, list[tuple[Conference, str]]]:
    """The combined export, and the conferences left out of it with their errors."""

    def attempt(chosen: Sequence[Conference]) -> Exported:
        def export() -> tuple[Output, str]:
            options = parse_options(exporter, plan.option_pairs)
            context = plan.context(chosen)
            book = exporter().export_combined(chosen, options, context, stem=stem, title=title)
            return book, exporter.extension

        return _attempt(exporter.name, export)

    result = attempt(conferences)
    if result.error is None or len(conferences) < 2:
        return result, []
    errors = [(conference, attempt([conference]).error) for conference in conferences]
    left_out = [(conference, error) for conference, error in errors if error is not None]
    kept = [conference for conference, error in errors if error is None]
    if not left_out or not kept:  # it fails only together, or every part fails
        return result, []
    return attempt(kept), left_out


def _finish(result: Exported, name: str, stem: str, plan: Plan) -> bool:
    """Write one export's files, or report its failure; True when written."""
    if result.output is None:
        say(f"confexport: {name}: {result.error}")
        return False
    main_file = f"{stem}{result.extension}"
    try:
        files = planned_files(result.output, plan.directory, main_file)
        if plan.destination.stdout:
            return _write_stdout(files, name, result.seconds, plan.quiet)
        if plan.destination.file is not None:
            files = _renamed(files, plan.directory / main_file, plan.destination.file, name)
        check_not_inputs(files, plan.protected)
        write_inside(plan.directory, files)
    except ConfexportError as exc:
        say(f"confexport: {name}: {exc}")
        return False
    except OSError as exc:
        say(f"confexport: {name}: cannot write {exc.filename}: {exc.strerror}")
        return False
    if not plan.quiet:
        total = sum(len(data) for data in files.values())
        first = plan.destination.file or next(iter(files))
        what = first if len(files) == 1 else f"{first} and {len(files) - 1} more file(s)"
        say(f"wrote {what} ({_size(total)}, {result.seconds:.2f} s)")
    return True


def _renamed(files: dict[Path, bytes], main: Path, target: Path, name: str) -> dict[Path, bytes]:
    """``files`` with the main one written as ``target`` (``-o FILE``); the others
    (images a text format refers to) go beside it, under their own names."""
    if main not in files:
        raise ExportError(f"writes {len(files)} files, none of them {main.name}; give -o DIR/")
    return {target if path == main else path: data for path, data in files.items()}


def _write_stdout(files: Mapping[Path, bytes], name: str, seconds: float, quiet: bool) -> bool:
    """Write the one file of ``-o -`` to standard output; refuse several."""
    if len(files) != 1:
        say(
            f"confexport: {name}: writes {len(files)} files (images beside the text), "
            "which standard output cannot hold; give -o DIR/, or -O images=embed or "
            "-O images=none"
        )
        return False
    data = next(iter(files.values()))
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    if not quiet:
        say(f"wrote standard output ({_size(len(data))}, {seconds:.2f} s)")
    return True


class _Progress:
    """One self-erasing status line on a terminal; nothing when not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.active = not quiet and sys.stderr.isatty()

    def show(self, text: str) -> None:
        if self.active:
            sys.stderr.write(f"\r\033[K{terminal_safe(text)}…")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.active:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1048576:.1f} MB"
