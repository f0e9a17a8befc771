"""``confexport build``: read notes, run exporters, write files; several files in parallel.

Each notes file is built by :func:`build_file`, in this process for one file or in a
pool using both cores for several.  Warnings raised in a worker travel back to the
parent, so ``--strict`` and de-duplication see every one of them.  ``--combine``
makes one book of all the notes for the formats that can (:func:`build_combined`).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confexport.errors import ConfexportError, OptionsError
from confexport.exporter import Exporter, Output, load_exporter, option_names, parse_options
from confexport.model import Conference
from confexport.output import check_not_inputs, planned_files, write_atomically

log = logging.getLogger("confexport")


@dataclass(frozen=True, slots=True)
class Plan:
    """What to build: formats, their options, where, and how to read the notes."""

    formats: tuple[str, ...]
    option_pairs: Mapping[str, str]
    directory: Path
    inputs: tuple[Path, ...]
    reading: Mapping[str, Any]
    quiet: bool = False


@dataclass(slots=True)
class Result:
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_options(exporters: Mapping[str, type[Exporter]], pairs: Mapping[str, str]) -> None:
    """Refuse ``-O`` keys that no selected format takes, and bad values, before any work."""
    known = {key for cls in exporters.values() for key in option_names(cls)}
    unknown = sorted(set(pairs) - known - {"templates"})
    if unknown:
        raise OptionsError(f"no selected format takes the option(s) {', '.join(unknown)}")
    for cls in exporters.values():
        parse_options(cls, pairs)


def build(plan: Plan, read: Any) -> list[str]:
    """Build every notes file of ``plan``; returns the formats that failed."""
    if len(plan.inputs) == 1 or (os.cpu_count() or 1) < 2:
        results = [build_file(plan, path, read) for path in plan.inputs]
    else:
        with ProcessPoolExecutor(max_workers=min(2, len(plan.inputs))) as pool:
            futures = [pool.submit(_build_in_worker, plan, path, read) for path in plan.inputs]
            results = [future.result() for future in futures]
            for result in results:
                for message in result.warnings:
                    log.warning("%s", message)
    return [name for result in results for name in result.failed]


def _build_in_worker(plan: Plan, path: Path, read: Any) -> Result:
    collector = _Collector()
    log.handlers[:] = [collector]
    log.propagate = False
    result = build_file(plan, path, read)
    result.warnings.extend(collector.messages)
    return result


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_file(plan: Plan, path: Path, read: Any) -> Result:
    """Read one notes file and write it in every format of the plan."""
    result = Result()
    progress = _Progress(plan.quiet)
    try:
        conference: Conference = read(path, **plan.reading)
    except ConfexportError as exc:
        print(f"confexport: {exc}", file=sys.stderr)
        result.failed.append(str(path))
        return result
    log.info("read %s: %d sessions in %d day(s)", path, len(conference.talks), len(conference.days))
    for name in plan.formats:
        progress.show(f"{path.name} ({len(conference.talks)} sessions): {name}")
        exporter = load_exporter(name)
        started = time.perf_counter()
        try:
            options = parse_options(exporter, plan.option_pairs)
            output = exporter().export(conference, options)
        except ConfexportError as exc:
            progress.clear()
            print(f"confexport: {name}: {exc}", file=sys.stderr)
            result.failed.append(name)
            continue
        target = f"{conference.stem}{exporter.extension}"
        if not _write(output, target, name, plan, time.perf_counter() - started, progress):
            result.failed.append(name)
    progress.clear()
    return result


def build_combined(
    plan: Plan, conferences: Sequence[Conference], stem: str, title: str
) -> list[str]:
    """One book of every conference, for each format that can combine."""
    failed: list[str] = []
    progress = _Progress(plan.quiet)
    for name in plan.formats:
        exporter: Any = load_exporter(name)
        if not hasattr(exporter, "export_combined"):
            print(f"confexport: {name}: cannot combine several notes files", file=sys.stderr)
            failed.append(name)
            continue
        progress.show(f"{len(conferences)} files: {name}")
        started = time.perf_counter()
        try:
            options = parse_options(exporter, plan.option_pairs)
            output = exporter().export_combined(conferences, options, stem=stem, title=title)
        except ConfexportError as exc:
            progress.clear()
            print(f"confexport: {name}: {exc}", file=sys.stderr)
            failed.append(name)
            continue
        elapsed = time.perf_counter() - started
        if not _write(output, f"{stem}{exporter.extension}", name, plan, elapsed, progress):
            failed.append(name)
    progress.clear()
    return failed


def _write(
    output: Output, filename: str, name: str, plan: Plan, elapsed: float, progress: _Progress
) -> bool:
    try:
        files = planned_files(output, plan.directory, filename)
        check_not_inputs(files, plan.inputs)
    except ConfexportError as exc:
        progress.clear()
        print(f"confexport: {name}: {exc}", file=sys.stderr)
        return False
    for target, data in files.items():
        write_atomically(target, data)
    if not plan.quiet:
        progress.clear()
        total = sum(len(data) for data in files.values())
        what = next(iter(files)) if len(files) == 1 else f"{len(files)} files for {name}"
        print(f"wrote {what} ({_size(total)}, {elapsed:.2f} s)", file=sys.stderr)
    return True


class _Progress:
    """One self-erasing status line on a terminal; nothing when not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.active = not quiet and sys.stderr.isatty()

    def show(self, text: str) -> None:
        if self.active:
            sys.stderr.write(f"\r\033[K{text}…")
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
