"""The EPUB's templates and the Jinja2 environment that renders them.

A user's ``--templates DIR`` (``-O templates=DIR``) overrides them file by file:
``DIR/epub/session.xhtml`` replaces the built-in ``epub/session.xhtml``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from confexport.resources import template, templates_root


@functools.cache
def environment(override: str | Path | None = None) -> Any:
    """Jinja2 with autoescaping on: notes text is escaped unless marked safe."""
    import jinja2

    search = [str(templates_root() / "epub")]
    if override:
        search.insert(0, str(Path(override) / "epub"))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render(name: str, override: str | Path | None = None, **context: Any) -> bytes:
    return str(environment(override).get_template(name).render(**context)).encode("utf-8")


def stylesheet(override: str | Path | None = None) -> bytes:
    return template("epub/style.css", override).read_bytes()
