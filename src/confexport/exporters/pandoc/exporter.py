"""The base of the pandoc-backed exporters: the model rendered to pandoc's JSON AST
(:mod:`.documents`), bounded for the writer, and written by pandoc (:mod:`.process`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from confexport.context import ExportContext, context_for
from confexport.errors import ExportError
from confexport.exporters.pandoc import media as pandoc_media
from confexport.exporters.pandoc import text as pandoc_text
from confexport.exporters.pandoc.ast import count_lists, lists_as_paragraphs
from confexport.exporters.pandoc.documents import ImageMode, Images, book, contents, document
from confexport.exporters.pandoc.process import (
    compact_json,
    copy_template,
    pandoc_api_version,
    run_pandoc,
)
from confexport.exporters.pandoc.shared_images import share_repeated_images
from confexport.exporters.pandoc.writers import EMBEDDING_WRITERS, writer_base
from confexport.model import Conference
from confexport.stop_signals import scratch_folder

log = logging.getLogger("confexport")


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
    #: An embedded image shown more than once is stored once, as inline SVG
    #: (:mod:`.shared_images`): for web pages.
    shares_repeated_images: ClassVar[bool] = False
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
        context = context_for([conference], context)
        images = self._images(options, conference.stem, context)
        classes = self._writer_base() in EMBEDDING_WRITERS
        ast = document(conference, images, classes=classes, api=pandoc_api_version())
        return self._finish(ast, images, options, conference.stem, context.clock.epoch)

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
        context = context_for(conferences, context)
        images = self._images(options, stem, context)
        classes = self._writer_base() in EMBEDDING_WRITERS
        ast = book(conferences, images, title=title, classes=classes, api=pandoc_api_version())
        return self._finish(ast, images, options, stem, context.clock.epoch)

    # steps --------------------------------------------------------------------------

    def _writer_base(self) -> str:
        return writer_base(self.writer)

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
        if self.shares_repeated_images:
            ast, saved = share_repeated_images(ast, images.sizes)
            images.embedded -= saved
        if options.toc and self.writes_contents:  # a list a day at most: never bounded
            ast = {**ast, "blocks": contents(ast["blocks"]) + ast["blocks"]}
        protected = pandoc_text.protect(ast, base)
        source = compact_json(protected)
        self._refuse_if_too_large(protected, len(source), images.embedded)
        with scratch_folder("confexport-pandoc-") as workdir:
            files = {
                option: copy_template(name, workdir) for option, name in self.template_files.items()
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
