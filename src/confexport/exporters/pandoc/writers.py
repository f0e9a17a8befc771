"""What confexport knows of pandoc's writers: which embed images, which write binary
files, the file extension of each, and a writer's base name (less its extensions)."""

from __future__ import annotations

import re

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


def writer_base(writer: str) -> str:
    """The writer's name less its extensions: ``gfm`` of ``gfm+yaml_metadata_block``."""
    return re.split(r"[+-]", writer, maxsplit=1)[0]
