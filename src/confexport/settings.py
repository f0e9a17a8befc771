"""A build's settings: the command line's, over the user's config file's, over the
defaults; and ``confexport config``, which shows them with where each comes from."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from confexport.config import Config, config_path, init_config, load_config
from confexport.destination import destination
from confexport.errors import OptionsError
from confexport.messages import say


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """What ``build`` runs with once the config file is applied."""

    formats: list[str]
    output: str | None
    option_pairs: list[str]
    templates: Path | None
    #: Metadata under the notes' own: the config file's ``author``.
    default_metadata: dict[str, str]


def build_settings(
    to: Sequence[str],
    output: str | None,
    option_pairs: Sequence[str],
    templates: Path | None,
    *,
    use_config: bool = True,
) -> BuildSettings:
    """The command line's ``-t``, ``-o``, ``-O`` and ``--templates``, each filled in from
    the config file where the command line leaves it out (``-O`` pairs are added before
    the command line's, so a command-line pair wins)."""
    config = load_config() if use_config else Config(path=config_path())
    output = output if output is not None else config.output
    named_file = destination(output).file is not None
    formats = list(to) if to else [] if named_file else list(config.to)
    try:
        built = _built(formats, output)
    except OptionsError as exc:  # a format name of the config file: say where it is
        if to or named_file:
            raise
        raise OptionsError(exc.message, str(config.path)) from None
    return BuildSettings(
        formats=formats,
        output=output,
        option_pairs=[*config.option_pairs(built), *option_pairs],
        templates=templates or config.templates,
        default_metadata={"author": config.author} if config.author else {},
    )


def _built(formats: Sequence[str], output: str | None) -> list[str]:
    """The format names a build of ``formats`` (or of ``-o FILE``'s format) makes."""
    from confexport.commands import selected_formats
    from confexport.exporter import format_for_file

    if formats:
        return selected_formats(formats)
    file = destination(output).file
    return [format_for_file(str(file))] if file is not None else []


def show_config(*, init: bool = False) -> None:
    """``confexport config``: the file's path, then each setting and its source."""
    if init:
        say(f"wrote {init_config()}")
    config = load_config()
    state = "" if config.found else " (not there; 'confexport config --init' writes an example)"
    _show(f"config file: {config.path}{state}")
    for line in effective_lines(config):
        _show(line)


def effective_lines(config: Config) -> list[str]:
    """One line a setting: ``name = value  (source)``."""
    source = f"from {config.path.name}"
    lines = [
        _line("to", ", ".join(config.to), source)
        if config.to
        else _line("to", "(none)", "default: -t, or the format -o FILE names"),
        _line("output", config.output, source)
        if config.output
        else _line("output", "out", "default"),
        _line("templates", str(config.templates), source)
        if config.templates
        else _line("templates", "(built-in)", "default"),
        _line("author", config.author, f"{source}; the notes' metadata and -M win")
        if config.author
        else _line("author", "(none)", "default: the notes' metadata, or -M author=…"),
    ]
    for owner, pairs in sorted(config.options.items()):
        table = f"[options.{owner}]" if owner else "[options]"
        for key, value in pairs.items():
            lines.append(_line(f"-O {key}", value, f"{table} in {config.path.name}"))
    return lines


def _line(name: str, value: str, source: str) -> str:
    return f"{name} = {value}  ({source})"


def _show(text: str) -> None:
    say(text, sys.stdout)
