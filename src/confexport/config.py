"""The user's config file: defaults for ``build`` that the command line overrides.

``$XDG_CONFIG_HOME/confexport/config.toml`` (``~/.config/confexport/config.toml`` when
the variable is unset), read with :mod:`tomllib`::

    to = ["pdf", "epub"]          # formats when neither -t nor -o FILE names one
    output = "~/handouts/"        # -o when none is given
    templates = "~/my-templates"  # --templates when none is given
    author = "Ada Lovelace"       # the notes' author when their metadata names none

    [options]                     # -O for every format
    attended_only = true

    [options.pdf]                 # -O for one format, when it is built
    paper = "letter"

A malformed file is a usage error that names the file and the line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confexport.errors import OptionsError

#: The keys a config file may hold at its top level.
KEYS = ("to", "output", "templates", "author", "options")

EXAMPLE = """\
# confexport's defaults for 'confexport build'; the command line overrides each one.
# 'confexport config' shows what is in effect and where each setting comes from.

# Formats built when neither -t nor -o FILE names one ('confexport formats' lists them).
# to = ["pdf", "epub"]

# The output folder when -o is not given (a trailing slash keeps it a folder).
# output = "~/conference-notes/out/"

# Your templates, overriding the built-in ones by name (as --templates DIR).
# templates = "~/conference-notes/templates"

# The notes' author (the PDF's cover, the EPUB's creator…) when their own metadata
# (front matter, sidecar, --metadata-file) names none; -M author=… overrides both.
# author = "Ada Lovelace"

# -O options for every format:
# [options]
# attended_only = true

# -O options for one format, used when that format is built:
# [options.pdf]
# paper = "letter"
#
# [options.apkg]
# notetype = "confexport"
"""

_TOML_POSITION = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


@dataclass(frozen=True, slots=True)
class Config:
    """What a config file sets (nothing, when there is no file)."""

    path: Path
    found: bool = False
    to: tuple[str, ...] = ()
    output: str | None = None
    templates: Path | None = None
    #: The notes' author when their metadata names none.
    author: str | None = None
    #: ``-O`` pairs for every format (under the key ``""``) and per format name.
    options: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def option_pairs(self, formats: Sequence[str]) -> list[str]:
        """The ``-O key=value`` strings for a build of ``formats``: the ``[options]``
        table's, then each built format's own; two formats that set one key to different
        values are a usage error (``-O`` holds one value a key)."""
        chosen: dict[str, tuple[str, str]] = {}
        for owner in ("", *formats):
            for key, value in self.options.get(owner, {}).items():
                previous = chosen.get(key)
                if previous and previous[0] and owner and previous[1] != value:
                    raise OptionsError(
                        f"[options.{previous[0]}] and [options.{owner}] set {key} to "
                        f"different values; build the two formats separately or give -O {key}=…",
                        str(self.path),
                    )
                chosen[key] = (owner, value)
        return [f"{key}={value}" for key, (_, value) in chosen.items()]


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the config file is: under ``$XDG_CONFIG_HOME`` (an absolute path, as the
    XDG spec asks), else under ``~/.config``."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME", "")
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return folder / "confexport" / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config file at ``path`` (default: :func:`config_path`); an empty
    :class:`Config` when there is none."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise OptionsError(f"cannot read the config file: {exc.strerror}", str(path)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise OptionsError("the config file is not UTF-8", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(path, str(exc)) from None
    return _config(path, data)


def _decode_error(path: Path, text: str) -> OptionsError:
    """tomllib's message with its position as ``file:line`` (its error has no fields)."""
    position = _TOML_POSITION.match(text)
    if position is None:
        return OptionsError(text, str(path))
    message = f"{position['message']} (column {position['column']})"
    return OptionsError(message, f"{path}:{position['line']}")


def _config(path: Path, data: dict[str, Any]) -> Config:
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise OptionsError(f"unknown key {unknown[0]!r} (known: {', '.join(KEYS)})", str(path))
    templates = data.get("templates")
    return Config(
        path=path,
        found=True,
        to=_formats(path, data.get("to", [])),
        output=_text(path, "output", data["output"]) if "output" in data else None,
        templates=Path(_text(path, "templates", templates)).expanduser() if templates else None,
        author=_name(path, "author", data["author"]) if "author" in data else None,
        options=_options(path, data.get("options", {})),
    )


def _formats(path: Path, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise OptionsError('"to" must be a list of format names, e.g. to = ["pdf"]', str(path))
    return tuple(value)


def _text(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise OptionsError(f'"{key}" must be a non-empty string', str(path))
    return str(Path(value).expanduser()) + ("/" if value.endswith("/") else "")


def _name(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OptionsError(f'"{key}" must be a non-empty string, e.g. {key} = "Ada Lovelace"',
                           str(path))  # fmt: skip
    return value.strip()


def _options(path: Path, table: Any) -> dict[str, dict[str, str]]:
    """``[options]``'s own values (for every format, under ``""``) and its sub-tables."""
    if not isinstance(table, dict):
        raise OptionsError('"options" must be a table: [options]', str(path))
    every: dict[str, str] = {}
    per_format: dict[str, dict[str, str]] = {"": every}
    for key, value in table.items():
        if isinstance(value, dict):
            per_format[key] = {
                _key(name): _value(path, f"options.{key}.{name}", item)
                for name, item in value.items()
            }
        else:
            every[_key(key)] = _value(path, f"options.{key}", value)
    return per_format


def _key(name: str) -> str:
    return name.replace("-", "_")  # as -O attended-only = attended_only


def _value(path: Path, where: str, value: Any) -> str:
    """A TOML value as the ``-O`` string it stands for."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise OptionsError(f"{where}: expected a string, number or true/false", str(path))


def init_config(path: Path | None = None) -> Path:
    """Write :data:`EXAMPLE` at ``path`` (default: :func:`config_path`) unless a file is
    there; returns the path."""
    path = path or config_path()
    if path.exists():
        raise OptionsError("a config file is there already; it was left as it is", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(EXAMPLE)
    return path
