"""The exporter contract and the registry that finds exporters by entry point.

The contract: an exporter class describes itself with class attributes (``name``,
``extension``, ``media_type``, ``description``, ``Options``, ``cost``) and has
``export(conference, options, context)``; one that can make one book of several notes
files has ``export_combined(conferences, options, context, *, stem, title)`` too
(:class:`CombiningExporter`).  An optional class method ``warm_up()`` loads what every
export of the format reuses (fonts, say), once per process: a build calls it in a
worker while the notes are still being read (:func:`warm_up`).  A class written to
the first contract, ``export(conference, options)``, is recognised by its signature
when it is loaded and run through an adapter (it gets no context).

Built-in exporters are registered in confexport's own ``pyproject.toml`` under the
entry-point group ``confexport.exporters``, exactly as a third-party package would
register one, so there is a single code path.  Nothing is imported until a format is
asked for, which keeps ``confexport --help`` fast.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import logging
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from confexport.context import ExportContext
from confexport.errors import OptionsError, PluginError
from confexport.first_contract import adapted, positional_count, takes_context
from confexport.model import Conference
from confexport.policy import SHARED_OPTIONS, SharedOptions

GROUP = "confexport.exporters"
log = logging.getLogger("confexport")

#: What ``export`` returns: the bytes of one file, or relative paths → bytes.
Output = bytes | Mapping[str, bytes]


@dataclass(frozen=True, slots=True)
class NoOptions:
    """Options of an exporter that takes none."""


OptionsT = TypeVar("OptionsT", contravariant=True)


@runtime_checkable
class Exporter(Protocol[OptionsT]):
    """What an exporter class provides.  Exporters are pure: model in, bytes out."""

    name: ClassVar[str]
    extension: ClassVar[str]
    media_type: ClassVar[str]
    description: ClassVar[str]
    #: A frozen dataclass with defaults, parsed from ``-O key=value`` (optional).
    Options: ClassVar[type]
    #: How long an export takes relative to the others (optional, 0 when absent): a
    #: build starts the costliest first, so its two workers finish together.
    cost: ClassVar[int]

    def export(self, conference: Conference, options: OptionsT, context: ExportContext) -> Output:
        """The conference in this format: one file's bytes, or relative paths → bytes."""
        ...


@runtime_checkable
class CombiningExporter(Exporter[OptionsT], Protocol[OptionsT]):
    """An exporter that can also make one book of several conferences (``--combine``)."""

    def export_combined(
        self,
        conferences: Sequence[Conference],
        options: OptionsT,
        context: ExportContext,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> Output:
        """One book of ``conferences`` (a part each, in date order) titled ``title``;
        ``stem`` names the files beside the book's main one."""
        ...


def can_combine(cls: type[Exporter[Any]]) -> typing.TypeGuard[type[CombiningExporter[Any]]]:
    """True when the format makes one book of several notes files."""
    return callable(getattr(cls, "export_combined", None))


def export_cost(cls: type[Exporter[Any]]) -> int:
    cost = getattr(cls, "cost", 0)
    return cost if isinstance(cost, int) else 0


def warm_up(cls: type[Exporter[Any]]) -> None:
    """Run the format's optional ``warm_up()``.  It only saves time later: if it fails,
    the export itself will meet (and report) the same problem, so it is noted in the
    debug log and nothing more."""
    hook = getattr(cls, "warm_up", None)
    if not callable(hook):
        return
    try:
        hook()
    except Exception:  # a plugin's hook may fail in any way
        log.debug("warming up exporter %s failed", getattr(cls, "name", cls), exc_info=True)


@dataclass(frozen=True, slots=True)
class ExporterInfo:
    """A registered exporter: its entry point, and the class once loaded."""

    name: str
    package: str
    entry_point: EntryPoint
    #: Other packages that register the same name; they are ignored.
    shadowed: tuple[str, ...] = ()

    def load(self) -> type[Exporter[Any]]:
        """Import the exporter class and check it against the contract (a class written
        to the first contract gets an adapter)."""
        try:
            loaded = self.entry_point.load()
        except Exception as exc:  # a plugin may fail in any way on import
            raise PluginError(
                f"exporter {self.name!r} from package {self.package!r} failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        problems = contract_problems(loaded)
        if problems:
            raise PluginError(
                f"exporter {self.name!r} from package {self.package!r} is broken: "
                + "; ".join(problems)
            )
        if takes_context(loaded.export):
            return typing.cast(type[Exporter[Any]], loaded)
        return typing.cast(type[Exporter[Any]], adapted(loaded, self.name, self.package))


def contract_problems(cls: object) -> list[str]:
    """What ``cls`` lacks to be an exporter class (empty when it is one)."""
    if not isinstance(cls, type):
        return [f"{cls!r} is not a class"]
    problems = [
        f"missing string attribute {attribute!r}"
        for attribute in ("name", "extension", "media_type", "description")
        if not isinstance(getattr(cls, attribute, None), str)
    ]
    export = getattr(cls, "export", None)
    if not callable(export):
        problems.append("missing method 'export'")
    elif positional_count(export) < 3:
        problems.append("'export' must take (conference, options, context)")
    options = getattr(cls, "Options", NoOptions)
    if not dataclasses.is_dataclass(options):
        problems.append("'Options' is not a dataclass")
    return problems


def _packages_of(points: Iterable[EntryPoint]) -> list[tuple[EntryPoint, str]]:
    """Each entry point with the name of the package that registers it.  A package's
    name is read once: each reading parses its METADATA file again (1–2 ms)."""
    names: dict[int, str] = {}
    paired: list[tuple[EntryPoint, str]] = []
    for point in points:
        dist = point.dist
        if dist is None:
            paired.append((point, point.module.split(".")[0]))
            continue
        if id(dist) not in names:
            names[id(dist)] = dist.name
        paired.append((point, names[id(dist)]))
    return paired


@functools.cache
def registry() -> dict[str, ExporterInfo]:
    """All exporters, by format name, without importing any of them (read once: scanning
    the installed packages' entry points takes tens of milliseconds).

    A name claimed by two packages is a broken plugin: the first registration (by
    package name, confexport's own first) wins and records the others in ``shadowed``.
    """
    found: dict[str, ExporterInfo] = {}
    points = sorted(
        _packages_of(entry_points(group=GROUP)),
        key=lambda pair: (pair[1] != "confexport", pair[1], pair[0].name),
    )
    for point, package in points:
        first = found.get(point.name)
        if first is None:
            found[point.name] = ExporterInfo(name=point.name, package=package, entry_point=point)
        elif first.package != package and package not in first.shadowed:
            found[point.name] = dataclasses.replace(first, shadowed=(*first.shadowed, package))
    return found


PANDOC_PREFIX = "pandoc:"


def load_exporter(name: str) -> type[Exporter[Any]]:
    """The exporter class for a format name, or an :class:`OptionsError`.

    ``pandoc:WRITER`` reaches any pandoc writer through the pandoc exporter.
    """
    if name.startswith(PANDOC_PREFIX):
        from confexport.exporters.pandoc import pandoc_exporter_for

        return pandoc_exporter_for(name)
    known = registry()
    if name not in known:
        raise unknown_format(name, known)
    info = known[name]
    if info.shadowed:
        log.warning(
            "format %r is registered by %s too; using the one from %s",
            name, ", ".join(info.shadowed), info.package,
        )  # fmt: skip
    return info.load()


def unknown_format(name: str, known: Iterable[str]) -> OptionsError:
    """The error for a format name no package registers, with the closest names."""
    choices = sorted(known)
    return OptionsError(
        f"unknown format {name!r}{did_you_mean(name, choices)} "
        f"(available: {', '.join(choices) or 'none'})"
    )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'pdf'?`` for the choices close to ``word``, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(choice) for choice in close) + "?"


def format_for_file(path: str) -> str:
    """The format whose extension ends ``path`` (the longest that does: ``.anki.csv``
    before ``.csv``), for ``-o FILE`` without ``-t``; an :class:`OptionsError` else."""
    lowered = path.lower()
    matches = [
        (len(cls.extension), name)
        for name, cls in load_available().items()
        if cls.extension and lowered.endswith(cls.extension.lower())
    ]
    if not matches:
        raise OptionsError(
            f"-o {path}: no format writes files named like this; give one with -t "
            "(see 'confexport formats')"
        )
    longest = max(length for length, _ in matches)
    names = sorted(name for length, name in matches if length == longest)
    if len(names) > 1:
        raise OptionsError(f"-o {path}: {' and '.join(names)} both write it; choose with -t")
    return names[0]


#: Media types outside ``text/`` that are text all the same.
_TEXT_MEDIA_TYPES = ("application/json", "application/x-latex", "application/xml")


def is_text_format(cls: type[Exporter[Any]]) -> bool:
    """True when the format's file is text (safe to show on a terminal)."""
    kind = cls.media_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in _TEXT_MEDIA_TYPES or kind.endswith("+xml")


def load_available() -> dict[str, type[Exporter[Any]]]:
    """Every format that loads; each broken plugin is a warning naming its package."""
    loaded: dict[str, type[Exporter[Any]]] = {}
    for name in sorted(registry()):
        try:
            loaded[name] = load_exporter(name)
        except PluginError as exc:
            log.warning("%s; skipped", exc.message)
    return loaded


def check_options(formats: Sequence[str], pairs: Mapping[str, str]) -> None:
    """Refuse formats that do not load, option keys that none of ``formats`` takes, and
    bad values, before any export (the CLI's ``-O`` and :func:`confexport.export` alike)."""
    exporters = [load_exporter(name) for name in formats]
    known = {key for cls in exporters for key in option_names(cls)} | set(SHARED_OPTIONS)
    unknown = sorted(set(pairs) - known)
    if unknown:
        hints = "".join(did_you_mean(key, known) for key in unknown)
        raise OptionsError(f"no selected format takes the option(s) {', '.join(unknown)}{hints}")
    parse_shared_options(pairs)
    for cls in exporters:
        parse_options(cls, pairs)


def options_type(cls: type[Exporter[Any]]) -> type[Any]:
    options: type[Any] = getattr(cls, "Options", NoOptions)
    return options


def parse_options(cls: type[Exporter[Any]], pairs: Mapping[str, str]) -> Any:
    """Build ``cls.Options`` from ``-O key=value`` strings, converting by field type.

    Keys the exporter does not know are ignored here; the CLI reports keys that no
    selected format knows.
    """
    return _parse_dataclass(options_type(cls), cls.name, pairs)


def parse_shared_options(pairs: Mapping[str, str]) -> SharedOptions:
    """The options every format takes (:mod:`confexport.policy`), from ``-O`` strings."""
    shared: SharedOptions = _parse_dataclass(SharedOptions, "every format", pairs)
    return shared


def _parse_dataclass(options: type[Any], label: str, pairs: Mapping[str, str]) -> Any:
    hints = typing.get_type_hints(options)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(options):
        if field.name in pairs:
            values[field.name] = _convert(label, field.name, pairs[field.name], hints[field.name])
    try:
        return options(**values)
    except (TypeError, ValueError) as exc:
        raise OptionsError(f"{label}: {exc}") from exc


def option_names(cls: type[Exporter[Any]]) -> list[str]:
    return [field.name for field in dataclasses.fields(options_type(cls))]


def _convert(fmt: str, key: str, raw: str, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        if raw.lower() in ("", "none"):
            return None
        (hint,) = [arg for arg in args if arg is not type(None)]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        if raw not in args:
            raise OptionsError(f"-O {key}={raw}: {fmt} accepts one of {', '.join(map(str, args))}")
        return raw
    if hint is bool:
        lowered = raw.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise OptionsError(f"-O {key}={raw}: expected true or false")
    if hint in (int, float):
        try:
            return hint(raw)
        except ValueError:
            raise OptionsError(f"-O {key}={raw}: expected a number") from None
    return raw
