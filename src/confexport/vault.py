"""Finding a file by name anywhere in a folder tree, as Obsidian finds ``![[image.png]]``.

Used by :func:`confexport.media.locate_image` when an image's path does not lead to
it.  The search stays inside the folder: symlinked folders are not entered, a
symlinked file counts only when it resolves inside the folder, hidden folders
(``.obsidian``, ``.git``, ``.trash``) are skipped, and at most :data:`MAX_ENTRIES`
entries, :data:`MAX_DEPTH` folders deep, are looked at.  Each folder is listed once
per process (the index is cached), breadth first, so the shallowest match wins, then
the first in name order.
"""

from __future__ import annotations

import functools
import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: Most folder entries listed in one tree; a larger tree is searched in part.
MAX_ENTRIES = 50_000
#: Deepest folder searched, below the tree's root.
MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class Index:
    """The files of a tree by case-folded name, shallowest first."""

    files: dict[str, tuple[Path, ...]]
    #: The tree has more than :data:`MAX_ENTRIES` entries (or is deeper than MAX_DEPTH).
    partial: bool


def find_by_name(relative: str, root: Path) -> Path | None:
    """The file in ``root``'s tree whose path ends with ``relative``, or None.

    ``relative`` is a path as the notes wrote it (``image.png`` or
    ``attachments/image.png``); names match exactly, else ignoring case (as on
    macOS and Windows, where most vaults live).  ``root`` must be resolved.
    """
    parts = [part for part in PurePosixPath(relative.replace("\\", "/")).parts if part != "."]
    if not parts or ".." in parts:
        return None
    candidates = index(root).files.get(parts[-1].casefold(), ())
    folders = [part.casefold() for part in parts[:-1]]

    def rank(path: Path) -> int:
        return 0 if path.name == parts[-1] else 1

    for path in sorted(candidates, key=rank):  # stable: shallowest first within a rank
        inside = [part.casefold() for part in path.relative_to(root).parts[:-1]]
        if folders and inside[-len(folders) :] != folders:
            continue
        resolved = path.resolve()
        if resolved.is_relative_to(root) and resolved.is_file():
            return resolved
    return None


@functools.lru_cache(maxsize=16)
def index(root: Path) -> Index:
    """Every file name in ``root``'s tree (bounded), listed breadth first."""
    files: dict[str, list[Path]] = {}
    queue: deque[tuple[Path, int]] = deque([(root, 0)])
    seen = 0
    partial = False
    while queue:
        folder, depth = queue.popleft()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                return _frozen(files, partial=True)
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_folder:
                if depth < MAX_DEPTH:
                    queue.append((Path(entry.path), depth + 1))
                else:
                    partial = True
            else:  # a file, or a symlink checked when it matches
                files.setdefault(entry.name.casefold(), []).append(Path(entry.path))
    return _frozen(files, partial=partial)


def _frozen(files: dict[str, list[Path]], *, partial: bool) -> Index:
    return Index({name: tuple(paths) for name, paths in files.items()}, partial)
