"""Exporters backed by pandoc (through pypandoc): docx, odt, html, md, rst and any writer.

The model is rendered to a pandoc JSON AST in Python (:mod:`.documents`), then
pandoc writes the format, always with ``--sandbox``, with ``SOURCE_DATE_EPOCH`` set to
the export context's clock, and with its output written to a temporary folder and read
back.  Images are checked and downscaled by :mod:`confexport.media` and handed over as
``data:`` URIs (formats that embed them) or as files beside the output (text formats).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import orjson

from confexport.context import ExportContext, context_for
from confexport.errors import ExportError, OptionsError
from confexport.exporters.pandoc import media as pandoc_media
from confexport.exporters.pandoc import text as pandoc_text
from confexport.exporters.pandoc.ast import count_lists, lists_as_paragraphs
from confexport.exporters.pandoc.documents import ImageMode, Images, book, contents, document
from confexport.model import Conference
from confexport.resources import template
from confexport.workers import scratch_folder

log = logging.getLogger("confexport")

#: Writers whose output holds images inside it, so ``data:`` URIs are the right form.
EMBEDDING_WRITERS = frozenset(
    ("docx", "odt", "pptx", "epub", "epub2", "epub3", "fb2", "html", "html4", "html5",
     "chunkedhtml", "revealjs", "slidy", "slideous", "s5", "dzslides")
)  # fmt: skip
#: Writers that produce a zip or other binary file.
BINARY_WRITERS = frozenset(["docx", "odt", "pptx", "epub", "epub2", "epub3", "chunkedhtml"])
#: File extensions of writers whose name is not their extension.
EXTENSIONS = {
    "asciidoc": ".adoc", "asciidoctor": ".adoc", "asciidoc_legacy": ".adoc",
    "beamer": ".tex", "context": ".tex", "latex": ".tex", "biblatex": ".bib",
    "bibtex": ".bib", "chunkedhtml": ".zip", "commonmark": ".md", "commonmark_x": ".md",
    "csljson": ".json", "djot": ".dj", "docbook": ".xml", "docbook4": ".xml",
    "docbook5": ".xml", "dokuwiki": ".txt", "epub2": ".epub", "epub3": ".epub",
    "gfm": ".md", "haddock": ".txt", "html4": ".html", "html5": ".html", "revealjs": ".html",
    "slidy": ".html", "slideous": ".html", "s5": ".html", "dzslides": ".html", "jats": ".xml",
    "jats_archiving": ".xml", "jats_articleauthoring": ".xml", "jats_publishing": ".xml",
    "jira": ".txt", "man": ".1", "markdown": ".md", "markdown_github": ".md",
    "markdown_mmd": ".md", "markdown_phpextra": ".md", "markdown_strict": ".md",
    "mediawiki": ".wiki", "muse": ".muse", "native": ".hs", "opendocument": ".xml",
    "plain": ".txt", "tei": ".xml", "texinfo": ".texi", "typst": ".typ", "vimdoc": ".txt",
    "xwiki": ".txt", "zimwiki": ".txt",
}  # fmt: skip
#: Lists a docx or odt document holds as lists; past it they are marked paragraphs.
#: 2,000 lists cost pandoc about 210 MB (docx) and 340 MB (odt).
LIST_LIMIT = 2000
_WRITER_NAME = re.compile(r"^[a-z][a-z0-9_]*([+-][a-z0-9_]+)*$")
_REFUSED_WRITERS = {"pdf": "use -t pdf, confexport's own PDF writer"}


@dataclass(frozen=True, slots=True)
class PandocOptions:
    """Options of every pandoc-backed format (set with ``-O key=value``)."""

    #: A table of contents (days and sessions) where the format has one.
    toc: bool = True
    #: ``auto``: embedded for docx/odt/html, files in ``<stem>-media/`` for text formats.
    images: Literal["auto", "embed", "files", "none"] = "auto"
    #: Longest side, in pixels, of images after downscaling.
    image_size: int = 1600

    def __post_init__(self) -> None:
        if not 16 <= self.image_size <= 10000:
            raise ValueError("image_size must be between 16 and 10000 pixels")


class PandocExporter:
    """Base of the pandoc-backed exporters; a subclass names a pandoc writer."""

    name: ClassVar[str] = "pandoc"
    writer: ClassVar[str] = "native"
    extension: ClassVar[str] = ".hs"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "a pandoc writer"
    Options: ClassVar[type] = PandocOptions
    cost: ClassVar[int] = 0
    #: Data files from templates/pandoc/ passed to pandoc as ``--option=FILE``.
    template_files: ClassVar[Mapping[str, str]] = {}
    #: Past this many lists, lists are written as paragraphs (None: never).
    list_limit: ClassVar[int | None] = None
    #: Embedded images go to pandoc as stand-ins, restored once in the zip it writes.
    stores_images_once: ClassVar[bool] = False
    #: The contents is written as entries (links to the sections), not left to pandoc's
    #: ``--toc``, which docx and odt write as a field that LibreOffice shows empty.
    writes_contents: ClassVar[bool] = False
    #: Widest an image may print, in inches (pandoc sizes images from their pixels, at
    #: 96 per inch, and LibreOffice crops what passes the page); None: no limit.
    text_width_in: ClassVar[float | None] = None
    #: The largest document (pandoc JSON, in MB) this writer is given: what it writes
    #: within 1.5 GB of memory, measured with a tenth to spare (README, Safety); 28 MB
    #: holds for every text writer measured (latex, the hungriest, reaches 1.5 GB at 31).
    document_limit: ClassVar[int | None] = 28

    def export(
        self,
        conference: Conference,
        options: PandocOptions,
        context: ExportContext | None = None,
    ) -> bytes | dict[str, bytes]:
        epoch = context_for([conference], context).clock.epoch
        images = self._images(options, conference.stem, context_for([conference], context))
        classes = self._writer_base() in EMBEDDING_WRITERS
        ast = document(conference, images, classes=classes, api=pandoc_api_version())
        return self._finish(ast, images, options, conference.stem, epoch)

    def export_combined(
        self,
        conferences: Sequence[Conference],
        options: PandocOptions,
        context: ExportContext | None = None,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> bytes | dict[str, bytes]:
        """One book of several conferences: a part each, in date order."""
        if not conferences:
            raise ExportError("nothing to combine: no notes given")
        images = self._images(options, stem, context_for(conferences, context))
        classes = self._writer_base() in EMBEDDING_WRITERS
        ast = book(conferences, images, title=title, classes=classes, api=pandoc_api_version())
        epoch = context_for(conferences, context).clock.epoch
        return self._finish(ast, images, options, stem, epoch)

    # steps --------------------------------------------------------------------------

    def _writer_base(self) -> str:
        return re.split(r"[+-]", self.writer, maxsplit=1)[0]

    def _images(self, options: PandocOptions, stem: str, context: ExportContext) -> Images:
        mode: ImageMode
        if options.images == "auto":
            mode = "embed" if self._writer_base() in EMBEDDING_WRITERS else "files"
        else:
            mode = options.images
        return Images(
            mode=mode,
            max_side=options.image_size,
            context=context,
            media_dir=f"{stem}-media",
            stand_ins=self.stores_images_once,
            max_width_in=self.text_width_in,
        )

    def arguments(self, options: PandocOptions, files: Mapping[str, Path]) -> list[str]:
        """pandoc's command-line options for this format (``files``: data files by key)."""
        arguments = ["--standalone"]
        if options.toc and not self.writes_contents:
            arguments += ["--toc", "--toc-depth=2"]
        arguments += [f"--{option}={files[option]}" for option in self.template_files]
        return arguments

    def _finish(
        self,
        ast: dict[str, Any],
        images: Images,
        options: PandocOptions,
        stem: str,
        epoch: int,
    ) -> bytes | dict[str, bytes]:
        base = self._writer_base()
        ast = self._bounded(ast)
        if options.toc and self.writes_contents:  # a list a day at most: never bounded
            ast = {**ast, "blocks": contents(ast["blocks"]) + ast["blocks"]}
        protected = pandoc_text.protect(ast, base)
        source = _compact_json(protected)
        self._refuse_if_too_large(protected, len(source), images.embedded)
        with scratch_folder("confexport-pandoc-") as workdir:
            files = {
                option: _copy_template(name, workdir)
                for option, name in self.template_files.items()
            }
            arguments = self.arguments(options, files)
            written = run_pandoc(source, self.writer, arguments, workdir, epoch)
            data = pandoc_text.reveal(written, base)
        data = pandoc_media.restore(data, images.originals)
        if not images.files:
            return data
        return {f"{stem}{self.extension}": data, **images.files}

    def _bounded(self, ast: dict[str, Any]) -> dict[str, Any]:
        """pandoc's docx and odt writers keep every list's numbering in a state that grows
        with the square of the number of lists (20,000 lists: 7.7 GB, 100 s); past
        ``list_limit`` lists the document's lists are written as marked paragraphs."""
        if self.list_limit is None:
            return ast
        lists = count_lists(ast["blocks"])
        if lists <= self.list_limit:
            return ast
        log.info(
            "%s: %d lists, more than %d: written as paragraphs that start with their marker",
            self.name, lists, self.list_limit,
        )  # fmt: skip
        return {**ast, "blocks": lists_as_paragraphs(ast["blocks"])}

    def _refuse_if_too_large(self, ast: dict[str, Any], compact: int, embedded: int) -> None:
        """One clear line, not an exhausted machine, for a document past ``document_limit``
        (in MB of the characters ``json.dumps`` writes, images' ``data:`` URIs not counted:
        pandoc keeps those as they are).

        ``json.dumps`` adds a space to each ``,`` and ``:`` of the compact JSON (``compact``
        bytes, ``embedded`` of them ``data:`` URIs), so it writes at most twice as many
        characters (URIs aside): only a document past half its limit is measured that way.
        """
        if self.document_limit is None or 2 * (compact - embedded) <= self.document_limit * 1e6:
            return
        size = (len(json.dumps(ast, ensure_ascii=False)) - embedded) / 1_000_000
        if size > self.document_limit:
            raise ExportError(
                f"the notes make a {size:.1f} MB pandoc document; above {self.document_limit}"
                f" MB pandoc's {self._writer_base()} writer needs more than 1.5 GB of memory"
                " (split the notes, or choose another format)"
            )


def _compact_json(ast: dict[str, Any]) -> bytes:
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


def _copy_template(name: str, workdir: Path) -> Path:
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


# the registered formats ---------------------------------------------------------------


#: The text width of pandoc's reference docx and odt, with room to spare: Letter and A4
#: pages with margins of about an inch.
OFFICE_TEXT_WIDTH_IN = 6.0


class DocxExporter(PandocExporter):
    name = "docx"
    writer = "docx"
    extension = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    description = "Word document (pandoc), images embedded"
    cost = 50
    template_files: ClassVar[Mapping[str, str]] = {"reference-doc": "reference.docx"}
    list_limit = LIST_LIMIT
    stores_images_once = True
    text_width_in = OFFICE_TEXT_WIDTH_IN
    writes_contents = True
    document_limit = 24


class OdtExporter(PandocExporter):
    name = "odt"
    writer = "odt"
    extension = ".odt"
    media_type = "application/vnd.oasis.opendocument.text"
    description = "OpenDocument text for LibreOffice (pandoc), images embedded"
    cost = 40
    template_files: ClassVar[Mapping[str, str]] = {"reference-doc": "reference.odt"}
    list_limit = LIST_LIMIT
    stores_images_once = True
    text_width_in = OFFICE_TEXT_WIDTH_IN
    writes_contents = True
    document_limit = 16


class HtmlExporter(PandocExporter):
    name = "html"
    writer = "html5"
    extension = ".html"
    media_type = "text/html"
    description = "one standalone web page with a table of contents (pandoc)"
    cost = 30
    template_files: ClassVar[Mapping[str, str]] = {"include-in-header": "html.css"}
    document_limit = 30

    def arguments(self, options: PandocOptions, files: Mapping[str, Path]) -> list[str]:
        extra = ["--section-divs", "--variable=document-css:false"]
        return [*super().arguments(options, files), *extra]


class MarkdownExporter(PandocExporter):
    name = "md"
    writer = "gfm+yaml_metadata_block"
    extension = ".md"
    media_type = "text/markdown"
    description = "normalised Markdown (GitHub-flavoured, pandoc), images beside it"

    def arguments(self, options: PandocOptions, files: Mapping[str, Path]) -> list[str]:
        return [a for a in super().arguments(options, files) if not a.startswith("--toc")]


def _text_exporter(
    name: str, writer: str, media_type: str, description: str
) -> type[PandocExporter]:
    attributes = {
        "name": name,
        "writer": writer,
        "extension": EXTENSIONS.get(writer, f".{writer}"),
        "media_type": media_type,
        "description": description,
        "__doc__": f"The {name} format, written by pandoc's {writer} writer.",
    }
    return type(f"{name.title()}Exporter", (PandocExporter,), attributes)


RstExporter = _text_exporter("rst", "rst", "text/x-rst", "reStructuredText (pandoc)")
LatexExporter = _text_exporter("latex", "latex", "application/x-latex", "LaTeX source (pandoc)")
MediawikiExporter = _text_exporter(
    "mediawiki", "mediawiki", "text/plain", "MediaWiki markup for a wiki page (pandoc)"
)
OrgExporter = _text_exporter("org", "org", "text/org", "Emacs Org mode (pandoc)")
AsciidocExporter = _text_exporter("asciidoc", "asciidoc", "text/asciidoc", "AsciiDoc (pandoc)")


def pandoc_exporter_for(format_name: str) -> type[PandocExporter]:
    """An exporter class for any pandoc writer: ``pandoc:typst``, ``pandoc:markdown+smart``…"""
    writer = format_name.removeprefix("pandoc:")
    if not _WRITER_NAME.match(writer):
        raise OptionsError(f"{format_name!r}: not a pandoc writer name")
    base = re.split(r"[+-]", writer, maxsplit=1)[0]
    if base in _REFUSED_WRITERS:
        raise OptionsError(f"{format_name!r}: {_REFUSED_WRITERS[base]}")
    if base not in pandoc_writers():
        choices = ", ".join(sorted(pandoc_writers()))
        raise OptionsError(f"{format_name!r}: pandoc has no writer {base!r} (it has: {choices})")
    binary = base in BINARY_WRITERS
    attributes = {
        "name": f"pandoc:{writer}",
        "writer": writer,
        "extension": EXTENSIONS.get(base, f".{base}"),
        "media_type": "application/octet-stream" if binary else "text/plain",
        "description": f"pandoc's {base} writer",
    }
    return type(f"Pandoc_{base}_Exporter", (PandocExporter,), attributes)
