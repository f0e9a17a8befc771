"""The ``confexport`` command: argument parsing, messages and exit codes; nothing else.

Exit codes: 0 ok, 1 error, 2 usage, 3 warnings under ``--strict``.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from confexport import __version__
from confexport.errors import ConfexportError, OptionsError
from confexport.messages import say

if TYPE_CHECKING:
    from confexport.outcomes import Outcome, Report, Status
    from confexport.reader.options import ReadingOptions
    from confexport.status_line import StatusLine

log = logging.getLogger("confexport")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_WARNINGS = 0, 1, 2, 3


class _MessageHandler(logging.Handler):
    """Prints ``confexport: warning: …`` once per distinct message and counts warnings; a
    message several formats gave (a record's ``formats``) names them."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings = 0
        self._seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            if message in self._seen:
                return
            self._seen.add(message)
            self.warnings += 1
            formats: tuple[str, ...] = getattr(record, "formats", ())
            suffix = f" (from {', '.join(formats)})" if formats else ""
            say(f"confexport: warning: {message}{suffix}")
        else:
            say(f"confexport: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="confexport",
        description="Turn Markdown conference notes into a PDF handout, an EPUB, a calendar, "
        "Anki flash cards and any pandoc format.",
        epilog="Run 'confexport COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"confexport {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    noise = common.add_mutually_exclusive_group()
    noise.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 3)")
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument("-M", "--metadata", action="append", default=[], metavar="KEY=VALUE",
                         help="set a metadata key (highest precedence); repeatable")  # fmt: skip
    reading.add_argument("--metadata-file", type=Path, metavar="FILE",
                         help="YAML metadata (over the sidecar and front matter)")  # fmt: skip
    reading.add_argument("--no-sidecar", action="store_true",
                         help="ignore the <notes-stem>.yaml file beside the notes")  # fmt: skip
    reading.add_argument("--resource-path", action="append", default=[], type=Path,
                         metavar="DIR", help="another folder of images; repeatable")  # fmt: skip
    reading.add_argument("--schedule", type=Path, metavar="FILE",
                         help="official schedule: pretalx/frab JSON or XML, Sessionize or "
                              "Indico JSON, .ics, or a JSON/CSV with schedule-fields")  # fmt: skip
    reading.add_argument("--encoding", metavar="NAME",
                         help="the notes' encoding when not UTF-8 (e.g. cp1252)")  # fmt: skip
    reading.add_argument("--include-private", action="store_true",
                         help="keep private blocks (> [!private], :::private, %%%% … %%%%, "
                         "<!-- … -->), marked as private; left out by default")  # fmt: skip

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    inspect = commands.add_parser(
        "inspect", parents=[common, reading], help="show what confexport reads from notes",
        description="Show the sessions confexport reads from the notes, as a table or JSON.",
    )  # fmt: skip
    inspect.add_argument("notes", type=Path, metavar="NOTES",
                         help="a notes file or a folder of them; - is standard input")  # fmt: skip
    inspect.add_argument("--json", action="store_true", help="print the model as JSON")
    inspect.add_argument("--explain", action="store_true",
                         help="show each structure weighed and why one won")  # fmt: skip
    check = commands.add_parser(
        "check", parents=[common, reading], help="report what in the notes would degrade an export",
        description="Report, with file:line, what would degrade an export: missing images, "
        "images without alt text, duplicate titles, undated sessions, non-pretalx talk links. "
        "Exit 0 when clean, 3 when something is reported.",
    )  # fmt: skip
    check.add_argument("notes", type=Path, nargs="+", metavar="NOTES",
                       help="notes files, or folders of them; - reads standard input")  # fmt: skip
    check.add_argument("-O", "--option", action="append", default=[], metavar="KEY=VALUE",
                       help="a PDF option to check against: -O cjk-font=FONT.ttf, the "
                       "fallback font, draws what DejaVu lacks")  # fmt: skip
    check.add_argument("--write-sidecar", action="store_true",
                       help="write the pretalx codes --schedule matched into NOTES' .yaml "
                       "sidecar, so the next build matches them exactly")  # fmt: skip
    schedule = commands.add_parser(
        "schedule", help="get a conference's official schedule (uses the network)",
        description="Work with official schedules; 'schedule fetch' is the one command "
        "that uses the network.",
    )  # fmt: skip
    fetch = schedule.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    fetch_schedule = fetch.add_parser(
        "fetch", parents=[common], help="download a pretalx, Sessionize or Indico schedule",
        description="Download the schedule export of a pretalx event URL, a Sessionize API "
        "id or an Indico event URL to <notes-stem>.schedule.<ext> beside NOTES, or -o FILE.",
    )  # fmt: skip
    fetch_schedule.add_argument("url", metavar="URL", help="event URL or Sessionize API id")
    fetch_schedule.add_argument("notes", type=Path, nargs="?", metavar="NOTES",
                                help="the notes file or folder the schedule is for")  # fmt: skip
    fetch_schedule.add_argument("-o", "--output", type=Path, metavar="FILE")
    fetch_schedule.add_argument("--write-sidecar", action="store_true",
                                help="add 'schedule: FILE' to NOTES' sidecar")  # fmt: skip
    fetch_schedule.add_argument("--insecure", action="store_true", help="allow plain http")
    fetch_schedule.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                                help="give up after this long (default: 30)")  # fmt: skip
    commands.add_parser(
        "formats", parents=[common], help="list the output formats",
        description="List every output format, built-in or from an installed package.",
    )  # fmt: skip
    build = commands.add_parser(
        "build", parents=[common, reading], help="export notes to one or more formats",
        description="Export each NOTES file (or folder of notes files) to "
        "DIR/<notes-stem><extension> for every format, or one format to -o FILE "
        "(its extension names the format when -t is not given) or to standard output "
        "(-o -).",
    )  # fmt: skip
    build.add_argument("notes", type=Path, nargs="+", metavar="NOTES",
                       help="notes files, or folders of them; - reads standard input")  # fmt: skip
    build.add_argument("-t", "--to", action="append", default=[], metavar="FMT[,FMT]",
                       help="formats (see 'confexport formats'; 'all' = every one); "
                       "default: the one -o FILE's extension names")  # fmt: skip
    build.add_argument("-o", "--output", metavar="DIR/|FILE|-",
                       help="output folder (default: out), one file (hand.pdf), "
                       "or - for standard output")  # fmt: skip
    build.add_argument("--combine", metavar="NAME", nargs="?", const="conferences",
                       help="one book of all NOTES, written as DIR/NAME.<ext>")  # fmt: skip
    build.add_argument("--book-title", metavar="TEXT", default="Conference notes",
                       help="title of a --combine book (default: Conference notes)")  # fmt: skip
    build.add_argument("--templates", type=Path, metavar="DIR",
                       help="your templates, overriding the built-in ones by name")  # fmt: skip
    build.add_argument("-O", "--option", action="append", default=[], metavar="KEY=VALUE",
                       help="an exporter option, e.g. -O paper=letter; repeatable")  # fmt: skip
    build.add_argument("--watch", action="store_true",
                       help="build, then rebuild a notes file's outputs when it, its "
                       "sidecar, images, --metadata-file or --schedule change")  # fmt: skip
    build.add_argument("--no-config", action="store_true",
                       help="ignore your config file (see 'confexport config')")  # fmt: skip
    config = commands.add_parser(
        "config", parents=[common], help="show your config file and the settings in effect",
        description="Print where your config file is and the build settings in effect, "
        "with where each comes from.",
    )  # fmt: skip
    config.add_argument("--init", action="store_true",
                        help="write a commented example config file, if there is none")  # fmt: skip
    completion = commands.add_parser(
        "completion", parents=[common], help="print a shell completion script",
        description="Print the completion script (argcomplete's) for bash, zsh or fish, "
        "e.g. 'source <(confexport completion bash)'.",
    )  # fmt: skip
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), metavar="SHELL",
                            help="bash, zsh or fish")  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = _parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (a Tab)
        from confexport.completion import complete

        complete(parser)
    args = parser.parse_args(argv)
    handler = _MessageHandler()
    saved = log.handlers[:], log.propagate, log.level
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING)
    try:
        return _run(args, handler)
    finally:  # a program calling main() gets its logging back as it was
        log.handlers[:], log.propagate = saved[0], saved[1]
        log.setLevel(saved[2])


def _run(args: argparse.Namespace, handler: _MessageHandler) -> int:
    try:
        if args.command == "formats":
            from confexport.commands import list_formats

            list_formats()
        elif args.command == "check":
            from confexport.commands import check_notes, write_sidecar_codes

            if args.write_sidecar:
                write_sidecar_codes(args.notes, _reading(args))
            if check_notes(args.notes, _reading(args), args.option):
                return EXIT_WARNINGS
        elif args.command == "schedule":
            from confexport.schedule.fetch import fetch_command

            fetch_command(args.url, args.notes, args.output, write_sidecar=args.write_sidecar,
                          insecure=args.insecure, timeout=args.timeout)  # fmt: skip
        elif args.command == "config":
            from confexport.settings import show_config

            show_config(init=args.init)
        elif args.command == "completion":
            from confexport.completion import completion_script

            sys.stdout.write(completion_script(args.shell))
        elif args.command == "inspect":
            from confexport.commands import inspect_notes

            if args.explain:
                from confexport.commands import explain_structure

                explain_structure(args.notes, _reading(args))
            else:
                inspect_notes(args.notes, _reading(args), as_json=args.json)
        elif (code := _build(args)) != EXIT_OK:
            return code
    except OptionsError as exc:
        say(f"confexport: {exc}")
        return EXIT_USAGE
    except ConfexportError as exc:
        say(f"confexport: {exc}")
        return exc.exit_code
    except BrokenPipeError:
        sys.stderr.close()  # the reader of our output went away (e.g. `| head`)
        return EXIT_OK
    except KeyboardInterrupt:
        say("confexport: interrupted")
        return 130
    if args.strict and handler.warnings:
        say(f"confexport: {handler.warnings} warning(s) under --strict")
        return EXIT_WARNINGS
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    """Run ``build``; SIGTERM, SIGINT or SIGHUP stop it cleanly with 128 + the signal."""
    from confexport.commands import build_outputs
    from confexport.destination import STDIO
    from confexport.outcomes import failures
    from confexport.settings import build_settings
    from confexport.stop_signals import Interrupted, stop_signals_interrupt

    settings = build_settings(args.to, args.output, args.option, args.templates,
                              use_config=not args.no_config)  # fmt: skip
    messages = _BuildMessages(quiet=args.quiet, to_stdout=settings.output == STDIO)
    reading = dataclasses.replace(_reading(args), default_metadata=settings.default_metadata)

    def run(notes: Sequence[Path], report: Report) -> list[Outcome]:
        return build_outputs(
            notes,
            settings.formats,
            settings.output,
            settings.option_pairs,
            combine=args.combine,
            book_title=args.book_title,
            templates=settings.templates,
            report=report,
            progress=messages.progress,
            reading=reading,
        )

    if args.watch:
        from confexport.watch import check_watchable

        check_watchable(args.notes, settings.output)
    try:
        with stop_signals_interrupt():
            outcomes = run(args.notes, messages.report)
            if args.watch:
                from confexport.watch import watch_builds

                watch_builds(args.notes, reading, run, together=args.combine is not None)
    except Interrupted as stop:
        messages.progress(None)
        left = f"; not written: {', '.join(messages.unwritten)}" if messages.unwritten else ""
        if args.watch and stop.name == "SIGINT":  # Ctrl-C: how a watch ends
            say(f"confexport: stopped watching; what was written is kept{left}")
            return EXIT_OK
        say(f"confexport: stopped by {stop.name}; what was written is kept{left}")
        return stop.exit_code
    return EXIT_ERROR if failures(outcomes) else EXIT_OK


class _BuildMessages:
    """A build's outcomes as lines on standard error (a file written, unless ``-q``; an
    export that failed), its progress as a live status line on a terminal
    (:mod:`confexport.status_line`), and what a stopped build left unwritten."""

    def __init__(self, *, quiet: bool, to_stdout: bool) -> None:
        self.quiet = quiet
        self.live = not quiet and not to_stdout and sys.stderr.isatty()
        self._line: StatusLine | None = None
        self._status: Status | None = None
        self._reported: set[str] = set()
        #: The exports the last build ended without writing (when it was stopped).
        self.unwritten: list[str] = []

    def report(self, outcome: Outcome) -> None:
        self._reported.add(outcome.label)
        if outcome.failed:
            say(f"confexport: {outcome.error}")
        elif not self.quiet:
            more = outcome.files - 1
            what = outcome.main if more < 1 else f"{outcome.main} and {more} more file(s)"
            say(f"wrote {what} ({_size(outcome.size)}, {outcome.seconds:.2f} s)")

    def progress(self, status: Status | None) -> None:
        """Show ``status`` on the status line; None: the build is over."""
        if status is None:
            self._over()
            return
        self._status = status
        if self.live and self._line is None:
            from confexport.status_line import open_status_line

            self._line = open_status_line()
            self.live = self._line is not None
        if self._line is not None:
            self._line.show(status)

    def _over(self) -> None:
        if self._line is not None:
            self._line.close()
            self._line = None
        if self._status is not None:
            unfinished = self._status.unfinished
            self.unwritten = [label for label in unfinished if label not in self._reported]
        self._status, self._reported = None, set()


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1048576:.1f} MB"


def _reading(args: argparse.Namespace) -> ReadingOptions:
    from confexport.reader.metadata_load import parse_pairs
    from confexport.reader.options import ReadingOptions

    return ReadingOptions(
        encoding=args.encoding,
        metadata_file=args.metadata_file,
        metadata=parse_pairs(args.metadata),
        use_sidecar=not args.no_sidecar,
        resource_paths=tuple(args.resource_path),
        schedule=args.schedule,
        include_private=args.include_private,
    )
