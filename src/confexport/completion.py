"""Shell completion through :mod:`argcomplete`, from the command line's own parser.

The shell's script (``confexport completion bash|zsh|fish``, argcomplete's own) runs
``confexport`` with ``_ARGCOMPLETE`` set at each Tab; :func:`complete` then answers from
the parser and the exporter registry as installed at that moment, plugins included:
format names for ``-t`` (comma lists too), the ``-O`` keys of the formats on the line
and the values a key takes, the known ``-M`` metadata keys, folders for the options
that take a ``DIR`` and file names for NOTES and the other file arguments.

Nothing here is imported unless the shell asks, so ``confexport --help`` does not pay
for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import argcomplete
from argcomplete.completers import DirectoriesCompleter, FilesCompleter
from argcomplete.shell_integration import shellcode

PROGRAM = "confexport"

#: What argcomplete calls for an argument's value: (prefix, parsed_args=…) → words.
Completer = Callable[..., Iterable[str]]


def completion_script(shell: str) -> str:
    """The script that hooks ``confexport`` into ``shell`` ("bash", "zsh" or "fish")."""
    return shellcode([PROGRAM], shell=shell)


def complete(parser: argparse.ArgumentParser) -> None:
    """Print the completions the shell asks for and exit (argcomplete's protocol)."""
    _attach_completers(parser)
    argcomplete.autocomplete(parser, always_complete_options=False)


def _attach_completers(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                _attach_completers(subparser)
        elif (completer := _completer(action)) is not None:
            action.completer = completer  # type: ignore[attr-defined]


def _completer(action: argparse.Action) -> Completer | None:
    if action.dest == "to":
        return complete_formats
    if action.dest == "option":
        return complete_options
    if action.dest == "metadata":
        return complete_metadata_keys
    if action.type is Path:
        return DirectoriesCompleter() if action.metavar == "DIR" else FilesCompleter()
    return None


def complete_formats(prefix: str, **_: Any) -> list[str]:
    """Format names (and ``all``) for ``-t``; after a comma, the list so far is kept."""
    from confexport.exporter import registry

    head, comma, _last = prefix.rpartition(",")
    return [f"{head}{comma}{name}" for name in (*sorted(registry()), "all")]


def complete_options(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """``key=`` for each ``-O`` key of the formats on the line (of every format, when none
    is given yet); after ``key=``, the values the key takes, when it names them."""
    keys = _option_hints(getattr(parsed_args, "to", None) or [])
    key, equals, _value = prefix.partition("=")
    if not equals:
        return [f"{name}=" for name in sorted(keys)]
    return [f"{key}={value}" for value in _values(keys.get(key.replace("-", "_")))]


def complete_metadata_keys(prefix: str, **_: Any) -> list[str]:
    """``key=`` for each metadata key confexport reads (``-M author=…``)."""
    from confexport.reader.metadata import KNOWN_KEYS

    return [f"{key}=" for key in sorted(KNOWN_KEYS - {"sessions"})]


def _option_hints(requested: list[str]) -> dict[str, Any]:
    """Each ``-O`` key of the requested formats (of every format when none or an unknown
    one is requested), with its type."""
    from confexport.errors import ConfexportError
    from confexport.exporter import load_available, load_exporter, options_type
    from confexport.policy import SharedOptions

    try:
        from confexport.commands import selected_formats

        exporters = [load_exporter(name) for name in selected_formats(requested)]
    except ConfexportError:
        exporters = list(load_available().values())
    owners: list[type[Any]] = [SharedOptions, *(options_type(cls) for cls in exporters)]
    return {name: hint for owner in owners for name, hint in _fields(owner).items()}


def _fields(options: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(options)
    return {field.name: hints[field.name] for field in dataclasses.fields(options)}


def _values(hint: Any) -> tuple[str, ...]:
    """The values an option's type names: a ``Literal``'s, or true/false."""
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if typing.get_origin(hint) in (typing.Union, type(int | None)) and len(args) == 1:
        hint, args = args[0], list(typing.get_args(args[0]))
    if typing.get_origin(hint) is typing.Literal:
        return tuple(str(arg) for arg in args)
    return ("true", "false") if hint is bool else ()
