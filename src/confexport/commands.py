"""What each CLI command does, kept apart from argument parsing."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confexport import plaintext
from confexport.context import source_date_epoch
from confexport.destination import STDIO, destination, is_stdin
from confexport.errors import ConfexportError, NotesError, OptionsError
from confexport.exporter import PANDOC_PREFIX, load_available, registry, unknown_format
from confexport.images import ImageCatalogs
from confexport.messages import say
from confexport.model import Conference
from confexport.reader import MetadataSources, read_notes
from confexport.reader.options import ReadingOptions
from confexport.text import count_words

if TYPE_CHECKING:
    from confexport.check import Finding
    from confexport.outcomes import Outcome, Progress, Report

log = logging.getLogger("confexport")

#: How messages name notes read from standard input (as the reader names notes without
#: a file).
STDIN = "<notes>"


def read_conference(notes: Path, reading: ReadingOptions) -> Conference:
    """Read NOTES with the command line's reading options (``inspect``, ``check``,
    ``build`` and :func:`confexport.read` alike)."""
    sources = reading.sources()
    if is_stdin(notes):
        return _read_stdin(reading.encoding, sources)
    if notes.is_dir():
        from confexport.reader.folder import read_folder

        return read_folder(notes, encoding=reading.encoding, sources=sources)
    return read_notes(notes, encoding=reading.encoding, sources=sources)


def _read_stdin(encoding: str | None, sources: MetadataSources) -> Conference:
    """The notes ``-`` names: standard input, with images from the working folder and
    ``--resource-path``, and no sidecar (there is no file to put one beside)."""
    from confexport.reader import read_text
    from confexport.reader.decode import MAX_NOTES_BYTES, decode_notes

    data = sys.stdin.buffer.read(MAX_NOTES_BYTES + 1)
    if len(data) > MAX_NOTES_BYTES:
        raise NotesError(f"notes larger than {MAX_NOTES_BYTES // 1048576} MB are refused", STDIN)
    return read_text(decode_notes(data, STDIN, encoding), sources=sources)


def _show(text: str) -> None:
    """A line of a command's output: on standard output, terminal-safe."""
    say(text, sys.stdout)


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
    width = max((len(row[0]) for row in rows), default=4)
    extension_width = max((len(row[1]) for row in rows), default=4)
    for name, extension, description, package in rows:
        suffix = "" if package == "confexport" else f"  [{package}]"
        _show(f"{name:<{width}}  {extension:<{extension_width}}  {description}{suffix}")


def check_notes(
    notes_files: Sequence[Path], reading: ReadingOptions, option_pairs: Sequence[str] = ()
) -> int:
    """Print every finding of every notes file; return how many there were.
    ``option_pairs`` (after the config file's PDF options) may name the PDF's fallback
    font (``-O cjk-font=FONT``): what it draws is not reported."""
    from confexport.check import (
        Finding,
        check,
        folded,
        private_blocks,
        private_lines,
        unclosed_private,
    )
    from confexport.reader.folder import notes_files as files_in

    fallback = _fallback_coverage(option_pairs)
    count = 0
    previous = log.level
    log.setLevel(logging.ERROR)  # the findings below say all the reader would warn
    try:
        conferences = [read_conference(path, reading) for path in notes_files]
        files = {
            path: [str(file) for file in files_in(path)] for path in notes_files if path.is_dir()
        }
    finally:
        log.setLevel(previous)
    for path, conference in zip(notes_files, conferences, strict=True):
        findings = check(conference, fallback)
        own_files = [] if is_stdin(path) else [Path(f) for f in files.get(path, [str(path)])]
        private = private_blocks(own_files, reading.encoding)
        findings.extend(unclosed_private(private))
        of_files = ""
        if path in files:  # a folder: its findings file by file, in reading order
            rank = {name: number for number, name in enumerate(files[path])}
            findings.sort(key=lambda finding: rank.get(_file_of(finding), len(rank)))
            of_files = f" of {len(files[path])} notes files"
        if not is_stdin(path) and path.is_file() and (hint := _structure_hint(path, reading)):
            findings.insert(0, Finding(str(path), hint))
        for line in folded(findings):
            _show(line)
        for line in private_lines(private, included=reading.include_private):
            _show(line)
        sessions = len(conference.talks)
        name = STDIN if is_stdin(path) else path
        _show(f"{name}: {len(findings) or 'no'} problem(s) in {sessions} sessions{of_files}")
        count += len(findings)
    return count


def write_sidecar_codes(notes_files: Sequence[Path], reading: ReadingOptions) -> None:
    """``check --write-sidecar``: write the codes ``--schedule`` matched by title into
    each notes file's sidecar, and name the sessions it did not match."""
    from confexport.schedule import merge, read_schedule
    from confexport.schedule.merge import did_you_mean_text
    from confexport.schedule.sidecar import codes_matched_by_title, write_session_codes

    if reading.schedule is None:
        raise OptionsError("--write-sidecar needs --schedule FILE")
    schedule = read_schedule(reading.schedule)
    for path in notes_files:
        if not path.is_file() or path.suffix.lower() in (".yaml", ".yml"):
            raise OptionsError(f"--write-sidecar takes notes files, not {path}")
        previous = log.level
        log.setLevel(logging.ERROR)  # the unmatched sessions are listed below
        try:
            merged, report = merge(read_conference(path, replace(reading, schedule=None)), schedule)
        finally:
            log.setLevel(previous)
        sidecar = path.with_suffix(".yaml")
        changed = write_session_codes(sidecar, codes_matched_by_title(merged))
        hints = dict(report.suggestions)
        for talk in report.unmatched_notes:
            hint = f"; {did_you_mean_text(hints[talk.uid], report)}" if talk.uid in hints else ""
            where = talk.source or path
            print(f"{where}: session {talk.title!r} is not in the schedule {schedule.source}{hint}")
        print(f"{sidecar}: {len(changed)} session code(s) written")


def _file_of(finding: Finding) -> str:
    location = finding.location
    return location if isinstance(location, str) else location.path


def explain_structure(notes: Path, reading: ReadingOptions) -> None:
    """Print every candidate structure with its score and reasons, the chosen one first."""
    from confexport.reader import explain_notes

    if is_stdin(notes):
        raise OptionsError("--explain reads a notes file, not standard input")
    choice = explain_notes(notes, encoding=reading.encoding, sources=reading.sources())
    ranked = sorted(choice.candidates, key=lambda c: (c is not choice.chosen, -c.score))
    for candidate in ranked:
        mark = "*" if candidate is choice.chosen else " "
        state = "" if candidate.eligible else " (not eligible)"
        _show(f"{mark} {candidate.name:<16} score {candidate.score:6.2f}{state}")
        for reason in candidate.reasons:
            _show(f"      - {reason}")
    _show(f"chosen: {choice.chosen.name}, {choice.chosen.sessions} session(s)")
    if choice.doubtful:
        runner_up = _runner_up(choice)
        _show(
            f"doubtful: {runner_up.name} scores close; say which with "
            f"{_key_for(choice.chosen)} or {_key_for(runner_up)} in the metadata"
        )


def _structure_hint(path: Path, reading: ReadingOptions) -> str | None:
    """When two structures score close, say which key fixes the reader's choice."""
    from confexport.reader import explain_notes

    choice = explain_notes(path, encoding=reading.encoding, sources=reading.sources())
    if not choice.doubtful:
        return None
    runner_up = _runner_up(choice)
    return (
        f"the structure is doubtful: read as {choice.chosen.name} "
        f"({choice.chosen.sessions} sessions), close to {runner_up.name}; say which with "
        f"{_key_for(choice.chosen)} or {_key_for(runner_up)} in the metadata "
        "(see 'confexport inspect --explain')"
    )


def _runner_up(choice: Any) -> Any:
    others = [c for c in choice.candidates if c.eligible and c is not choice.chosen]
    return max(others, key=lambda c: c.score)


def _key_for(candidate: Any) -> str:
    """The metadata that selects a candidate structure."""
    if candidate.level is not None:
        return f"'session-level: {candidate.level}'"
    if candidate.name == "bold titles":
        return "'sessions: bold'"
    if candidate.name == "bulleted program":
        return "'sessions: list'"
    return "'single-talk: true'"


def inspect_notes(notes: Path, reading: ReadingOptions, *, as_json: bool) -> None:
    conference = read_conference(notes, reading)
    if as_json:
        from confexport.exporters.json import conference_to_json

        sys.stdout.write(conference_to_json(conference))
        return
    _show(_summary(conference))
    _show(
        f"{'day':<8} {'time':<5} {'kind':<9} {'title':<44} {'speakers':<24} "
        f"{'code':<8} {'abstr':>5} {'notes':>5} {'img':>3}"
    )
    for number, day in enumerate(conference.days, start=1):
        label = day.date.isoformat()[5:] if day.date else f"day {number}"
        for talk in day.talks:
            time = talk.start.strftime("%H:%M") if talk.start else ""
            title = talk.title if talk.attended else f"(not attended) {talk.title}"
            _show(
                f"{label:<8} {time:<5} {talk.kind:<9} {_cut(title, 44):<44} "
                f"{_cut(', '.join(talk.speakers), 24):<24} {talk.code or '':<8} "
                f"{count_words(plaintext.to_plain_text(talk.abstract)):>5} "
                f"{count_words(plaintext.to_plain_text(talk.notes)):>5} {len(talk.images):>3}"
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


def selected_formats(requested: Sequence[str]) -> list[str]:
    """The format names given by ``-t``, checked against the registry without importing
    any exporter; ``all`` is every format that loads (which does import them)."""
    known = registry()
    chosen: list[str] = []
    for group in requested:
        for name in (part.strip() for part in group.split(",")):
            if name == "all":
                chosen.extend(other for other in load_available() if other not in chosen)
            elif name and name not in chosen:
                if name not in known and not name.startswith(PANDOC_PREFIX):
                    raise unknown_format(name, known)
                chosen.append(name)
    if not chosen:
        raise OptionsError("no format given; 'confexport formats' lists them")
    return chosen


def _fallback_coverage(option_pairs: Sequence[str]) -> frozenset[int]:
    """The code points of the PDF's fallback font, as the config file's PDF options and
    then ``option_pairs`` name it (none when neither does)."""
    from confexport import fallback_font
    from confexport.config import load_config

    pairs = _option_pairs([*load_config().option_pairs(["pdf"]), *option_pairs])
    return fallback_font.coverage(pairs.get("cjk_font"))


def _option_pairs(pairs: Sequence[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise OptionsError(f"-O expects key=value, got {pair!r}")
        options[key.strip().replace("-", "_")] = value  # -O attended-only = attended_only
    return options


def build_outputs(
    notes_files: Sequence[Path],
    formats: Sequence[str],
    output: str | None,
    option_pairs: Sequence[str],
    *,
    combine: str | None = None,
    book_title: str = "Conference notes",
    templates: Path | None = None,
    report: Report | None = None,
    progress: Progress | None = None,
    reading: ReadingOptions | None = None,
) -> list[Outcome]:
    """Export every notes file to every format (or, with ``combine``, one book of all of
    them named ``combine``); returns every outcome, each handed to ``report`` as it
    happens (``progress`` shows the build's progress).  ``output`` is ``-o``
    (:mod:`confexport.destination`); None is the default folder ``out``, which is never
    taken inside a notes folder.  No ``formats``: the format ``-o FILE`` names.
    ``templates`` is ``--templates`` (``-O templates=DIR`` is read as it too)."""
    from confexport.build import build, build_combined
    from confexport.exporter import check_options
    from confexport.plan import Plan, check_plan

    images = ImageCatalogs()  # filled by the reader's image check, used by every export
    reading = replace(reading or ReadingOptions(), images=images)
    epoch = source_date_epoch()  # a malformed value is a usage error, before any work
    if sum(is_stdin(path) for path in notes_files) > 1:
        raise OptionsError(f"{STDIO} (standard input) is given more than once as NOTES")
    pairs = _option_pairs(option_pairs)
    if "templates" in pairs:  # how --templates reached the formats before the context
        given = Path(pairs.pop("templates"))
        templates = templates or given
    where = destination(output)
    plan = Plan(
        formats=tuple(_formats(formats, where.file)),
        option_pairs=pairs,
        destination=where,
        inputs=tuple(notes_files),
        reading=reading,
        templates=templates,
        epoch=epoch,
        images=images,
    )
    check_plan(plan, combine)
    if combine is None:  # build() checks the options (in a worker, in parallel)
        return build(plan, read_conference, report, progress)
    check_options(plan.formats, pairs)
    conferences = [read_conference(path, reading) for path in notes_files]
    return build_combined(plan, conferences, stem=combine, title=book_title, report=report)


def _formats(requested: Sequence[str], file: Path | None) -> list[str]:
    """The formats of ``-t``, or, without it, the one ``-o FILE``'s extension names."""
    from confexport.exporter import format_for_file

    if requested:
        return selected_formats(requested)
    if file is None:
        raise OptionsError(
            "no format given: give one with -t (see 'confexport formats'), "
            "or -o FILE with a format's extension (-o hand.pdf)"
        )
    return [format_for_file(str(file))]
