"""What each CLI command does, kept apart from argument parsing."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from confexport import markup
from confexport.errors import ConfexportError, OptionsError
from confexport.exporter import (
    Exporter,
    load_available,
    load_exporter,
    option_names,
    parse_options,
    registry,
)
from confexport.model import Conference
from confexport.output import check_not_inputs, planned_files, write_atomically
from confexport.reader import MetadataSources, read_notes
from confexport.text import count_words

log = logging.getLogger("confexport")


def _read(
    notes: Path,
    *,
    encoding: str | None,
    metadata_file: Path | None,
    metadata: Mapping[str, Any],
    use_sidecar: bool,
    resource_paths: tuple[Path, ...] = (),
) -> Conference:
    sources = MetadataSources(
        metadata_file=metadata_file,
        values=metadata,
        use_sidecar=use_sidecar,
        resource_paths=resource_paths,
    )
    return read_notes(notes, encoding=encoding, sources=sources)


def list_formats() -> None:
    """Print every registered format, loading each to show its description."""
    rows: list[tuple[str, str, str, str]] = []
    for name, info in sorted(registry().items()):
        try:
            cls = info.load()
            rows.append((name, cls.extension, cls.description, info.package))
        except ConfexportError as exc:
            rows.append((name, "-", f"BROKEN: {exc.message}", info.package))
        for other in info.shadowed:
            rows.append((name, "-", f"IGNORED: {other} registers {name!r} too", other))
    width = max(len(row[0]) for row in rows) if rows else 4
    for name, extension, description, package in rows:
        suffix = "" if package == "confexport" else f"  [{package}]"
        print(f"{name:<{width}}  {extension:<10} {description}{suffix}")


def check_notes(notes_files: Sequence[Path], **reading: Any) -> int:
    """Print every finding of every notes file; return how many there were."""
    from confexport.check import check

    count = 0
    previous = log.level
    log.setLevel(logging.ERROR)  # the findings below say all the reader would warn
    try:
        conferences = [_read(path, **reading) for path in notes_files]
    finally:
        log.setLevel(previous)
    for path, conference in zip(notes_files, conferences, strict=True):
        findings = check(conference)
        for finding in findings:
            print(finding)
        print(f"{path}: {len(findings) or 'no'} problem(s) in {len(conference.talks)} sessions")
        count += len(findings)
    return count


def inspect_notes(notes: Path, *, as_json: bool, **reading: Any) -> None:
    conference = _read(notes, **reading)
    if as_json:
        from confexport.exporters.json import conference_to_json

        sys.stdout.write(conference_to_json(conference))
        return
    print(_summary(conference))
    print(
        f"{'day':<8} {'time':<5} {'kind':<9} {'title':<44} {'speakers':<24} "
        f"{'code':<8} {'abstr':>5} {'notes':>5} {'img':>3}"
    )
    for number, day in enumerate(conference.days, start=1):
        label = day.date.isoformat()[5:] if day.date else f"day {number}"
        for talk in day.talks:
            time = talk.start.strftime("%H:%M") if talk.start else ""
            title = talk.title if talk.attended else f"(not attended) {talk.title}"
            print(
                f"{label:<8} {time:<5} {talk.kind:<9} {_cut(title, 44):<44} "
                f"{_cut(', '.join(talk.speakers), 24):<24} {talk.code or '':<8} "
                f"{count_words(markup.to_plain_text(talk.abstract)):>5} "
                f"{count_words(markup.to_plain_text(talk.notes)):>5} {len(talk.images):>3}"
            )


def _summary(conference: Conference) -> str:
    talks = conference.talks
    dates = ""
    if conference.start:
        dates = f", {conference.start}" + (
            f" to {conference.end}" if conference.end and conference.end != conference.start else ""
        )
    zone = f" ({conference.timezone})" if conference.timezone else ""
    return (
        f"{conference.title}{dates}{zone}: {len(talks)} sessions in "
        f"{len(conference.days)} day(s), {sum(len(t.images) for t in talks)} images"
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def selected_exporters(requested: Sequence[str]) -> dict[str, type[Exporter]]:
    """The formats named by ``-t``; ``all`` is every format that loads."""
    chosen: dict[str, type[Exporter]] = {}
    for group in requested:
        for name in (part.strip() for part in group.split(",")):
            if name == "all":
                for other, cls in load_available().items():
                    chosen.setdefault(other, cls)
            elif name and name not in chosen:
                chosen[name] = load_exporter(name)
    if not chosen:
        raise OptionsError("no format given; 'confexport formats' lists them")
    return chosen


def _option_pairs(pairs: Sequence[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise OptionsError(f"-O expects key=value, got {pair!r}")
        options[key.strip()] = value
    return options


def build_outputs(
    notes_files: Sequence[Path],
    formats: Sequence[str],
    directory: Path,
    option_pairs: Sequence[str],
    *,
    quiet: bool = False,
    **reading: Any,
) -> list[str]:
    """Export every notes file to every format; returns the formats that failed."""
    exporters = selected_exporters(formats)
    pairs = _option_pairs(option_pairs)
    known = {key for cls in exporters.values() for key in option_names(cls)}
    unknown = sorted(set(pairs) - known - {"templates"})
    if unknown:
        raise OptionsError(f"no selected format takes the option(s) {', '.join(unknown)}")
    options = {name: parse_options(cls, pairs) for name, cls in exporters.items()}
    conferences = [_read(path, **reading) for path in notes_files]
    for path, conference in zip(notes_files, conferences, strict=True):
        log.info(
            "read %s: %d sessions in %d day(s)", path, len(conference.talks), len(conference.days)
        )
    failed: list[str] = []
    for path, conference in zip(notes_files, conferences, strict=True):
        for name, cls in exporters.items():
            log.info("exporting %s to %s", path, name)
            started = time.perf_counter()
            try:
                output = cls().export(conference, options[name])
                files = planned_files(output, directory, f"{conference.stem}{cls.extension}")
                check_not_inputs(files, [path, *notes_files])
            except ConfexportError as exc:
                print(f"confexport: {name}: {exc}", file=sys.stderr)
                failed.append(name)
                continue
            elapsed = time.perf_counter() - started
            for target, data in files.items():
                write_atomically(target, data)
            if not quiet:
                total = sum(len(data) for data in files.values())
                what = next(iter(files)) if len(files) == 1 else f"{len(files)} files for {name}"
                print(f"wrote {what} ({_size(total)}, {elapsed:.2f} s)", file=sys.stderr)
    return failed


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1048576:.1f} MB"
