"""Where each format's look comes from: ``templates/`` shipped in the package, overridden
file by file by a user's ``--templates DIR``."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

#: The templates folder of a source checkout (an editable install has no packaged copy).
_SOURCE_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def templates_root() -> Path:
    """The built-in templates: packaged in the wheel, or the source checkout's."""
    packaged = Path(str(files("confexport") / "templates"))
    return packaged if packaged.is_dir() else _SOURCE_TEMPLATES


def template(name: str, override: str | Path | None = None) -> Traversable:
    """The file ``name`` (e.g. ``"epub/style.css"``): the user's copy if they have one."""
    if override:
        candidate = Path(override) / name
        if candidate.is_file():
            return candidate
    return templates_root().joinpath(*name.split("/"))


def read_text(name: str, override: str | Path | None = None) -> str:
    return template(name, override).read_text(encoding="utf-8")


def read_bytes(name: str, override: str | Path | None = None) -> bytes:
    return template(name, override).read_bytes()
