"""Running the bundled pandoc: its input (compact JSON, template files copied into its
sandbox's folder), the sandboxed run, its messages, and what it says of itself (its AST
version, its writers)."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from confexport.errors import ExportError
from confexport.resources import template

log = logging.getLogger("confexport")


def compact_json(ast: dict[str, Any]) -> bytes:
    """The document as JSON for pandoc: orjson's, eight times faster than ``json.dumps``
    for 1,000 sessions (0.06 s, not 0.5 s), whose spaces pandoc does not need."""
    try:
        return orjson.dumps(ast)
    except TypeError:  # a lone surrogate: the same UnicodeEncodeError as ever
        return json.dumps(ast, ensure_ascii=False).encode("utf-8")


def run_pandoc(
    source: str | bytes, writer: str, arguments: Sequence[str], workdir: Path, epoch: int
) -> bytes:
    """Run pandoc on a JSON AST, sandboxed, writing into ``workdir``; the output's bytes.

    pandoc never outlives the call: interrupted (a stop signal, an error), it is killed
    and reaped before the caller removes ``workdir``, so it cannot write into it then."""
    import pypandoc

    output = workdir / "output"
    command = [
        pypandoc.get_pandoc_path(), "--from=json", f"--to={writer}", f"--output={output}",
        "--sandbox", *arguments,
    ]  # fmt: skip
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=environment,
    ) as pandoc:  # fmt: skip
        try:
            _, errors = pandoc.communicate(
                source if isinstance(source, bytes) else source.encode("utf-8")
            )
        except BaseException:
            pandoc.kill()  # then reaped, its pipes closed, as the block ends
            raise
    messages = errors.decode("utf-8", errors="replace")
    if pandoc.returncode != 0:
        raise ExportError(f"pandoc ({writer}) failed: {messages.strip()}")
    for message in pandoc_warnings(messages):
        log.warning("pandoc: %s", message)
    return output.read_bytes()


#: What pandoc says of the header-only stand-ins of docx and odt images, which carry
#: their printed size in the AST (:meth:`Images._size`): nothing for the user.
_STAND_IN_SIZE = re.compile(r"^Could not determine image size for data:image/")
#: The start of one of pandoc's messages on stderr: ``[WARNING] text``.
_MESSAGE = re.compile(r"^\[(?P<level>[A-Z]+)\] ?(?P<text>.*)$")


def pandoc_warnings(messages: str) -> list[str]:
    """The warnings (and errors) in pandoc's stderr, each with its continuation lines,
    less those that say nothing to the user."""
    found: list[tuple[str, list[str]]] = []
    for line in messages.splitlines():
        start = _MESSAGE.match(line)
        if start is not None:
            found.append((start["level"], [start["text"]]))
        elif found and line.strip():
            found[-1][1].append(line.strip())
    warnings = [" ".join(lines) for level, lines in found if level in ("WARNING", "ERROR")]
    return [text for text in warnings if not _STAND_IN_SIZE.match(text)]


@functools.cache
def pandoc_api_version() -> tuple[int, ...]:
    """The pandoc AST version of the bundled pandoc (asked once)."""
    import pypandoc

    answer = json.loads(pypandoc.convert_text("", "json", format="markdown", sandbox=True))
    return tuple(int(part) for part in answer["pandoc-api-version"])


@functools.cache
def pandoc_writers() -> frozenset[str]:
    import pypandoc

    return frozenset(pypandoc.get_pandoc_formats()[1])


def copy_template(name: str, workdir: Path) -> Path:
    """Copy templates/pandoc/NAME into the sandbox's folder (pandoc may read it there)."""
    source = template(f"pandoc/{name}")
    if not source.is_file():
        raise ExportError(f"template pandoc/{name} is missing from the installation")
    target = workdir / name
    data = source.read_bytes()
    if name.endswith(".css"):
        data = b"<style>\n" + data.replace(b"</", b"<\\/") + b"\n</style>\n"
        target = workdir / "style.html"
    target.write_bytes(data)
    return target
