"""Writing outputs: atomically, never over the notes, never outside the output folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from confexport.errors import ExportError
from confexport.exporter import Output


def planned_files(output: Output, directory: Path, filename: str) -> dict[Path, bytes]:
    """Where each part of an exporter's output goes: ``filename`` or the mapping's paths."""
    if isinstance(output, bytes):
        return {directory / filename: output}
    files: dict[Path, bytes] = {}
    for relative, data in output.items():
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise ExportError(f"exporter returned an unsafe output path {relative!r}")
        files[directory.joinpath(*parts)] = data
    return files


def check_not_inputs(targets: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse, before anything is written, to write over an input file (or over a notes
    file or the ``conference.yaml`` of an input folder)."""
    protected: set[Path] = set()
    for path in inputs:
        if path.is_dir():
            from confexport.reader.folder import CONFERENCE_FILE, notes_files

            protected.add((path / CONFERENCE_FILE).resolve())
            protected.update(file.resolve() for file in notes_files(path))
        protected.add(path.resolve())
    for target in targets:
        if target.resolve() in protected:
            raise ExportError(f"refusing to overwrite the input file {target}")


def write_inside(directory: Path, files: Mapping[Path, bytes]) -> None:
    """Write each of ``files`` atomically, never outside ``directory`` (which may itself
    be a symlink: the user chose it).  A symlink where a folder under it belongs (a
    media folder a cloned notes repository carries) is replaced by a real folder, as
    a symlinked output file is replaced by the file; neither is ever followed."""
    directory.mkdir(parents=True, exist_ok=True)
    root = directory.resolve()
    for target, data in files.items():
        _make_real_folders(directory, target.parent)
        if not target.parent.resolve().is_relative_to(root):
            raise ExportError(f"refusing to write {target}: it resolves outside {directory}")
        write_atomically(target, data)


def _make_real_folders(directory: Path, folder: Path) -> None:
    """Make every folder from ``directory`` down to ``folder`` a real one."""
    current = directory
    for part in folder.relative_to(directory).parts:
        current = current / part
        if current.is_symlink():
            current.unlink()
        if not current.exists():
            current.mkdir()
        elif not current.is_dir():
            raise ExportError(f"cannot write into {current}: it is not a folder")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
