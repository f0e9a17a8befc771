"""Finding images the notes reference, inside the notes folder and nowhere else.

Remote images are never fetched: exporters keep them as links.  A path that leaves
the notes folder (``..``, an absolute path, a symlink pointing out) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Located:
    """Where an image reference leads: a file, or why there is none."""

    path: Path | None
    problem: str | None = None
    remote: bool = False


def is_remote(src: str) -> bool:
    return bool(_SCHEME.match(src)) and not src.lower().startswith("file:")


def locate_image(src: str, base_dir: Path, resource_paths: Sequence[Path] = ()) -> Located:
    """Resolve ``src`` inside ``base_dir`` (or one of ``resource_paths``)."""
    if is_remote(src):
        return Located(None, "is a remote image; kept as a link, never fetched", remote=True)
    if not src.strip():
        return Located(None, "has an empty path")
    if src.lower().startswith("file:") or Path(src).is_absolute() or src.startswith("\\"):
        return Located(None, "is an absolute path; only files inside the notes folder are used")
    relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
    missing = True
    for root in (base_dir, *resource_paths):
        root = root.resolve()
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root):
            return Located(None, "is outside the notes folder; not embedded")
        if candidate.is_file():
            return Located(candidate)
        missing = missing and not candidate.exists()
    return Located(None, "not found" if missing else "is not a file")
