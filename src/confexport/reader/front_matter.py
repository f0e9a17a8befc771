"""Metadata at the top of the notes: YAML between ``---`` lines, TOML between ``+++``
lines (Hugo), or Pelican/MultiMarkdown ``Key: value`` headers."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from confexport.errors import MetadataError
from confexport.reader.metadata import KNOWN_KEYS
from confexport.reader.metadata_load import load_toml, load_yaml

log = logging.getLogger("confexport")
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,30}):[ \t]+(\S.*)$")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Metadata found at the top of the notes, and how many lines it took."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: int = 0


def read_front_matter(text: str, where: str) -> FrontMatter:
    """YAML between ``---`` lines, TOML between ``+++`` lines (Hugo), or
    Pelican/MultiMarkdown ``Key: value`` headers."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "+++":
        return _toml_front_matter(lines, where)
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                block = "\n".join(lines[1:index])
                if not _has_key_lines(block):
                    return FrontMatter()  # a rule that opens the notes, not front matter
                values = load_yaml(block, where, first_line=2)
                _warn_unknown_keys(values, where)
                return FrontMatter(values, index + 1) if values else FrontMatter()
        if _has_key_lines("\n".join(lines[1:20])):
            raise MetadataError("front matter opened with '---' is never closed", f"{where}:1")
        return FrontMatter()
    headers: dict[str, Any] = {}
    count = 0
    for line in lines:
        if not line.strip():
            break
        match = _HEADER_LINE.match(line)
        if match is None:
            return FrontMatter()
        headers[match.group(1).strip().lower()] = match.group(2).strip()
        count += 1
    if headers and set(headers) <= KNOWN_KEYS | {"tags", "category", "slug", "modified"}:
        return FrontMatter(headers, count)
    return FrontMatter()


def _toml_front_matter(lines: list[str], where: str) -> FrontMatter:
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "+++":
            values = load_toml("\n".join(lines[1:index]), where, first_line=2)
            _warn_unknown_keys(values, where)
            return FrontMatter(values, index + 1)
    if any(_TOML_KEY_LINE.match(line) for line in lines[1:20]):
        raise MetadataError("front matter opened with '+++' is never closed", f"{where}:1")
    return FrontMatter()


_KEY_LINE = re.compile(r"^([A-Za-z][\w -]*):(?:\s|$)")
_TOML_KEY_LINE = re.compile(r"^[A-Za-z][\w.-]*\s*=")


#: Keys blog engines and Obsidian put in front matter; confexport does not use them,
#: and says nothing.
_BLOG_KEYS = frozenset(
    "tags category categories slug layout permalink draft summary description keywords "
    "modified updated aliases cssclasses cssclass publish created "
    "lastmod publishdate expirydate weight type toc series images menu".split()
)


def _has_key_lines(block: str) -> bool:
    """Does a block between ``---`` lines hold ``key: value`` lines (else it is prose)?"""
    return any(_KEY_LINE.match(line) for line in block.split("\n"))


def _warn_unknown_keys(values: Mapping[str, Any], where: str) -> None:
    unknown = sorted(set(values) - KNOWN_KEYS - _BLOG_KEYS)
    if unknown:
        log.warning(
            "%s:1: front matter key(s) %s are not ones confexport reads; ignored",
            where, ", ".join(map(repr, unknown)),
        )  # fmt: skip
