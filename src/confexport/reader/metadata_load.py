"""Metadata text read into mappings, safely: YAML, TOML, a metadata file, ``-M`` pairs.

YAML is only ever read with a safe loader that also refuses aliases and nesting past
:data:`MAX_DEPTH`, so neither Python tags nor an alias bomb get through; a key given
twice is a warning.  Errors name ``where:line``.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from confexport.errors import MetadataError

log = logging.getLogger("confexport")
_MAX_YAML_BYTES = 1_000_000
#: Deepest nesting of lists and mappings read in metadata (real metadata nests 3 deep).
MAX_DEPTH = 50


class _SafeLoaderWithoutAliases(yaml.SafeLoader):
    """The safe loader, refusing ``*alias`` references (the billion-laughs bomb) and
    nesting deeper than :data:`MAX_DEPTH`; it notes each key given twice in a mapping."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        #: (key, line from 0) of each key given again in the same mapping.
        self.repeated: list[tuple[str, int]] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._refuse("YAML aliases (*name) are not allowed in metadata")
        if self.depth >= MAX_DEPTH:
            self._refuse(f"metadata is nested more than {MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    self.repeated.append((key.value, key.start_mark.line))
                seen.add(key.value)
        return node

    def _refuse(self, problem: str) -> None:
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        raise yaml.MarkedYAMLError(problem=problem, problem_mark=mark)


def load_yaml(text: str, where: str, first_line: int = 1) -> dict[str, Any]:
    """Parse a YAML mapping safely; errors name ``where:line``, and a key given twice
    is a warning (the last value counts, as in every YAML reader)."""
    if len(text.encode()) > _MAX_YAML_BYTES:
        raise MetadataError("metadata is larger than 1 MB", f"{where}:{first_line}")
    loader = _SafeLoaderWithoutAliases(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = (exc.problem or "unreadable YAML").strip()
        raise MetadataError(f"unreadable metadata: {problem}", f"{where}:{line}") from None
    except yaml.YAMLError as exc:
        raise MetadataError(f"unreadable metadata: {exc}", f"{where}:{first_line}") from None
    except ValueError as exc:  # an impossible date such as 2024-02-30
        raise MetadataError(f"unreadable metadata: {exc}", f"{where}:{first_line}") from None
    finally:
        loader.dispose()
    for key, line in sorted(loader.repeated, key=lambda repeat: repeat[1]):
        log.warning(
            "%s:%d: metadata key %r is given twice; the last value is used",
            where, first_line + line, key,
        )  # fmt: skip
    return _mapping(data, where, first_line)


def load_toml(text: str, where: str, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML front matter (Hugo's ``+++``); errors name ``where:line``."""
    if len(text.encode()) > _MAX_YAML_BYTES:
        raise MetadataError("metadata is larger than 1 MB", f"{where}:{first_line}")
    too_deep = MetadataError(
        f"unreadable metadata: metadata is nested more than {MAX_DEPTH} levels deep",
        f"{where}:{first_line}",
    )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem, _, at = str(exc).partition(" (at line ")
        line = first_line + int(at.split(",")[0]) - 1 if at[:1].isdigit() else first_line
        raise MetadataError(f"unreadable metadata: {problem}", f"{where}:{line}") from None
    except RecursionError:  # tomllib (Python 3.11) recurses into nested arrays unbounded
        raise too_deep from None
    if _deeper_than(data, MAX_DEPTH):  # nested tables: a.b.c… = 1
        raise too_deep
    return _mapping(data, where, first_line)


def _deeper_than(value: Any, limit: int) -> bool:
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
    return False


def _mapping(data: Any, where: str, first_line: int) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MetadataError("metadata must be a mapping of key: value", f"{where}:{first_line}")
    return {str(key).lower(): value for key, value in data.items()}


def read_metadata_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MetadataError(f"cannot read metadata file: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise MetadataError("metadata file is not UTF-8", str(path)) from None
    return load_yaml(text, str(path))


def parse_pairs(pairs: Iterable[str]) -> dict[str, Any]:
    """``-M key=value`` strings; values are read as YAML scalars (safely)."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise MetadataError(f"-M expects key=value, got {pair!r}")
        try:
            value = yaml.load(raw, Loader=_SafeLoaderWithoutAliases) if raw else ""
        except (yaml.YAMLError, ValueError):
            value = raw
        values[key.strip().lower()] = raw if isinstance(value, dict | list) else value
    return values
