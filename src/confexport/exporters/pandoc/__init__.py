"""Exporters backed by pandoc (through pypandoc): docx, odt, html, md, rst and any writer.

The model is rendered to a pandoc JSON AST in Python (:mod:`.documents`), then
pandoc writes the format, always with ``--sandbox``, with ``SOURCE_DATE_EPOCH`` set to
the export context's clock, and with its output written to a temporary folder and read
back.  Images are checked and downscaled by :mod:`confexport.media` and handed over as
``data:`` URIs (formats that embed them) or as files beside the output (text formats).

This module registers the formats; their base class is in :mod:`.exporter`, pandoc's
run in :mod:`.process`, and what is known of its writers in :mod:`.writers`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from confexport.errors import OptionsError
from confexport.exporters.pandoc.exporter import PandocExporter, PandocOptions
from confexport.exporters.pandoc.process import pandoc_api_version, pandoc_writers, run_pandoc
from confexport.exporters.pandoc.writers import BINARY_WRITERS, EXTENSIONS, writer_base

__all__ = [
    "LIST_LIMIT",
    "AsciidocExporter",
    "DocxExporter",
    "HtmlExporter",
    "LatexExporter",
    "MarkdownExporter",
    "MediawikiExporter",
    "OdtExporter",
    "OrgExporter",
    "PandocExporter",
    "PandocOptions",
    "RstExporter",
    "pandoc_api_version",
    "pandoc_exporter_for",
    "run_pandoc",
]

#: Lists a docx or odt document holds as lists; past it they are marked paragraphs.
#: 2,000 lists cost pandoc about 210 MB (docx) and 340 MB (odt).
LIST_LIMIT = 2000
_WRITER_NAME = re.compile(r"^[a-z][a-z0-9_]*([+-][a-z0-9_]+)*$")
_REFUSED_WRITERS = {"pdf": "use -t pdf, confexport's own PDF writer"}


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
    shares_repeated_images = True

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
    base = writer_base(writer)
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
