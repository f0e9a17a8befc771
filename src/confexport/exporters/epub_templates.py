"""Where the EPUB's templates live, and the Jinja2 environment that renders them."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path
from typing import Any


def templates_dir() -> Path:
    """The shipped ``templates`` folder, or the repository's when running from source."""
    packaged = Path(str(files("confexport") / "templates"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


@functools.cache
def environment() -> Any:
    """Jinja2 with autoescaping on: notes text is escaped unless marked safe."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "epub"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render(name: str, **context: Any) -> bytes:
    return str(environment().get_template(name).render(**context)).encode("utf-8")


def stylesheet() -> bytes:
    return (templates_dir() / "epub" / "style.css").read_bytes()
