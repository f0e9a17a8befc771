"""``confexport build``: read notes, run exporters on both cores, write files.

The notes are read here, once each.  Every (notes file, format) pair is then one
export task, run in a pool of worker processes (:mod:`confexport.workers`: two, or one
for a single task; none on a single core), the slowest formats first.  The workers
start before the notes are read: the first checks the options meanwhile (which
imports every selected exporter's class, not its libraries) and warms up the slowest
format, so the slowest export (given to it first) starts at once; each other format
loads its libraries in the worker that runs it, so none is loaded twice for nothing.
Warnings raised in a worker travel back to this process, so ``--strict`` and
de-duplication see every one.  Files are written here, atomically, as each export
finishes: a worker that dies costs only its own export, and a build stopped by a
signal keeps what it had written.  ``--combine`` makes one book of all the notes for
the formats that can.

The build prints nothing: it hands each :class:`Outcome` (a file written, an export
that failed) to its caller's ``report`` as it happens, returns them all, and logs the
exports' warnings, each once.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confexport.context import ExportContext
from confexport.errors import ConfexportError
from confexport.exporter import (
    CombiningExporter,
    Output,
    can_combine,
    check_options,
    export_cost,
    load_exporter,
    parse_options,
    parse_shared_options,
    warm_up,
)
from confexport.memory import paused_garbage_collection
from confexport.model import Conference
from confexport.outcomes import Exported, Outcome, Progress, Report, Status, write_files
from confexport.plan import Plan
from confexport.workers import Shared, WorkerPool

log = logging.getLogger("confexport")


def _ignore(_: object) -> None:
    """The default ``report`` and ``progress``: nothing is shown."""


def build(
    plan: Plan,
    read: Callable[..., Conference],
    report: Report | None = None,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Build every notes file of ``plan`` in every format; every outcome, each handed to
    ``report`` as it happens (None: shown nowhere)."""
    shown = _Shown(report or _ignore, progress or _ignore)
    count = len(plan.inputs) * len(plan.formats)
    pool = _workers(min(2, count)) if count and (os.cpu_count() or 1) > 1 else None
    with pool or contextlib.nullcontext():
        # The options are checked where the exporters are imported: in a worker while
        # the notes are read here, so this process never loads their libraries.
        if pool is None:
            costs = _checked_costs(plan.formats, plan.option_pairs)
        else:
            pool.submit(_CHECK, _check_in_worker, plan.formats, plan.option_pairs)
        shared = parse_shared_options(plan.option_pairs)
        conferences: list[tuple[Path, Conference]] = []
        for path in plan.inputs:
            try:
                conference = read(path, plan.reading)
            except ConfexportError as exc:
                shown(Outcome(str(path), error=str(exc)))
                continue
            talks, days = len(conference.talks), len(conference.days)
            log.info("read %s: %d sessions in %d day(s)", path, talks, days)
            conferences.append((path, shared.apply(conference)))
        if pool is not None:
            costs = pool.result(_CHECK)  # raises the worker's OptionsError or PluginError
        tasks = [(path, c, name) for path, c in conferences for name in plan.formats]
        return _run(tasks, plan, pool, costs, shown)


#: The key of the options check among a pool's tasks (export tasks are numbered).
_CHECK = "check options"


def _workers(size: int) -> WorkerPool | None:
    """``size`` workers (two, or one for a single export), started now, while the notes
    are read: the first then checks the options, importing and warming up the
    exporters, so even a single export has its libraries ready when the notes are.
    None when they cannot start (no usable temporary folder): the build runs here."""
    try:
        return WorkerPool(size, _prepare_worker)
    except OSError as exc:
        log.debug("no export workers (%s); exporting in this process", exc)
        return None


def _prepare_worker() -> None:
    # At the build's own priority: while the notes are read only the first worker is
    # busy (checking the options), so on two cores nothing competes with the read.
    log.handlers[:] = [_COLLECTOR]
    log.propagate = False


def _checked_costs(formats: Sequence[str], pairs: Mapping[str, str]) -> dict[str, int]:
    """Check the options (:func:`check_options`) and warm up the costliest format, the
    one this worker runs first (the others warm up where they run); then each format's
    export cost."""
    check_options(formats, pairs)
    exporters = {name: load_exporter(name) for name in formats}
    costs = {name: export_cost(exporter) for name, exporter in exporters.items()}
    if exporters:
        warm_up(exporters[max(costs, key=lambda name: costs[name])])
    return costs


def _check_in_worker(formats: Sequence[str], pairs: Mapping[str, str]) -> dict[str, int]:
    """:func:`_checked_costs` in a worker, which then collects and freezes what the
    imports made (``gc.freeze``), while the notes are still being read: else the first
    export's collection scans it all (40 ms of the PDF's time at 1,000 sessions)."""
    costs = _checked_costs(formats, pairs)
    gc.collect()
    gc.freeze()
    return costs


@dataclass(slots=True)
class _Shown:
    """The caller's ``report`` and ``progress``, and the outcomes reported so far."""

    report: Report
    progress: Progress
    outcomes: list[Outcome] = field(default_factory=list)

    def __call__(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.report(outcome)


def _run(
    tasks: Sequence[tuple[Path, Conference, str]],
    plan: Plan,
    pool: WorkerPool | None,
    costs: Mapping[str, int],
    shown: _Shown,
) -> list[Outcome]:
    """Run every export task and write each one's files as it finishes; the outcomes."""
    several = len({path for path, _, _ in tasks}) > 1
    relayed: dict[str, list[str]] = {}  # an export's warning → the formats that gave it

    labels = [f"{path}: {name}" if several else name for path, _, name in tasks]

    def finish(index: int, result: Exported) -> None:
        _, conference, name = tasks[index]
        for message in result.warnings:
            if name not in (formats := relayed.setdefault(message, [])):
                formats.append(name)
        shown(write_files(result, name, labels[index], conference.stem, plan))

    try:
        if pool is None:
            for index, (_, conference, name) in enumerate(tasks):
                running = ((labels[index], time.monotonic()),)
                shown.progress(Status(index, len(tasks), running, tuple(labels[index + 1 :])))
                context = plan.context([conference])
                finish(index, _export_here(conference, name, plan.option_pairs, context))
            shown.progress(Status(len(tasks), len(tasks)))
        else:
            shared = {id(c): Shared(c) for _, c, _ in tasks}  # each model pickled once
            for index in sorted(range(len(tasks)), key=lambda i: -costs[tasks[i][2]]):
                _, conference, name = tasks[index]
                context = plan.context([conference])
                model = shared[id(conference)]
                pool.submit(index, _export_in_worker, model, name, plan.option_pairs, context)
            finished: set[int] = set()
            shown.progress(_status(labels, finished, pool.running()))
            for key, succeeded, value in pool.completed():
                assert isinstance(key, int)
                finished.add(key)
                finish(key, value if succeeded else Exported(error=str(value)))
                shown.progress(_status(labels, finished, pool.running()))
    finally:
        shown.progress(None)
        _relay(relayed, plan.formats)
    return shown.outcomes


def _status(labels: Sequence[str], finished: set[int], running: Mapping[Hashable, float]) -> Status:
    """The status of a pool's export tasks: ``labels`` by task number, the numbers
    ``finished``, and the ``running`` ones with when each started."""
    started = tuple((labels[key], since) for key, since in running.items() if isinstance(key, int))
    busy = {key for key in running if isinstance(key, int)}
    waiting = tuple(label for index, label in enumerate(labels) if index not in finished | busy)
    return Status(len(finished), len(labels), started, waiting)


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


def _export_here(
    conference: Conference, name: str, pairs: Mapping[str, str], context: ExportContext
) -> Exported:
    """:func:`_export` in this process, its warnings collected as a worker's are, so
    that both reach the user the same way (:func:`_relay`)."""
    collector = _Collector(forward=log.handlers)
    saved, propagate = log.handlers[:], log.propagate
    log.handlers[:], log.propagate = [collector], False
    try:
        result = _export(conference, name, pairs, context)
    finally:
        log.handlers[:], log.propagate = saved, propagate
    result.warnings.extend(collector.messages)
    return result


def _export(
    conference: Conference, name: str, pairs: Mapping[str, str], context: ExportContext
) -> Exported:
    def export() -> tuple[Output, str]:
        exporter = load_exporter(name)
        options = parse_options(exporter, pairs)
        writing = context.writing(f"{conference.stem}{exporter.extension}")
        return exporter().export(conference, options, writing), exporter.extension

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
    """Keeps an export's warnings, to relay with its result; hands what is less than a
    warning to the ``forward`` handlers (none in a worker)."""

    def __init__(self, forward: Sequence[logging.Handler] = ()) -> None:
        super().__init__()
        self.messages: list[str] = []
        self.forward = list(forward)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())
        else:
            for handler in self.forward:
                handler.handle(record)


_COLLECTOR = _Collector()


def build_combined(
    plan: Plan,
    conferences: Sequence[Conference],
    stem: str,
    title: str,
    report: Report | None = None,
) -> list[Outcome]:
    """One book of every conference, for each format that can combine.  When a format
    fails on some of the notes, the book is written of the others and those are named."""
    shown = _Shown(report or _ignore, _ignore)
    conferences = parse_shared_options(plan.option_pairs).apply_all(conferences)
    for name in plan.formats:
        exporter = load_exporter(name)
        if not can_combine(exporter):
            shown(Outcome(name, error=f"{name}: cannot combine several notes files"))
            continue
        result, left_out = _combined(exporter, plan, conferences, stem, title)
        for conference, error in left_out:
            why = f"{name}: {conference.source}: {error}; the book is written without it"
            shown(Outcome(name, error=why))
        shown(write_files(result, name, name, stem, plan))
    return shown.outcomes


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
            context = plan.context(chosen).writing(f"{stem}{exporter.extension}")
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
