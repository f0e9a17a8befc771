"""Text from the notes stays text in pandoc's plain-text writers.

pandoc escapes only part of each markup's syntax: its rst writer leaves ``.. include::``
at the start of a paragraph live, its mediawiki writer leaves ``{{Template}}`` and
``~~~~``, its org writer ``@@html:…@@`` and ``\\input{…}``, its asciidoc writer
``:attribute: value`` at the start of a line.  What it leaves is closed here, in two steps
around the writer, one rule set per format:

* :func:`protect` rewrites every ``Str`` (and, where the format needs it, ``Code`` and
  ``CodeBlock``) before pandoc sees the document.  An escape that pandoc would itself
  escape again (a backslash, ``<nowiki>``, ``{empty}``) is written as a placeholder, a
  private-use character that pandoc copies as it is, one column wide, as the escape's
  first character will be (so rst title underlines and grid tables keep their widths).
* :func:`reveal` turns the placeholders in pandoc's output into the format's escapes.

The escapes each format uses are its own documented ones: a backslash in rst,
``<nowiki>`` in MediaWiki, ``{empty}`` and a zero-width space in AsciiDoc, and in Org,
which has no escape character, its entities (``\\backslash{}``, ``\\dollar{}``) and the
zero-width space its manual recommends.  Placeholder characters already in the notes
become U+FFFD, so the notes cannot forge an escape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: The placeholders: one for a backslash, two for ``<nowiki>``, one for ``{empty}``.
_BACKSLASH, _NOWIKI, _END_NOWIKI, _EMPTY = "\ue000", "\ue001", "\ue002", "\ue003"
#: ``_LITERAL + ord(c)``: the ASCII character c, hidden from pandoc's own escaping.
_LITERAL = 0xE100
_PLACEHOLDER = re.compile("[\ue000-\ue17f]")
_ZWSP = "\u200b"
_WORDS = re.compile(r"\s+|\S+")

# rst ---------------------------------------------------------------------------------

#: Backquotes open roles, interpreted text and hyperlinks with an embedded URI
#: (`` `x <javascript:…>`_ ``); bars open substitution references.  pandoc escapes
#: them only as the first or last character of a word.
_RST_EVERYWHERE = "`|"
#: An underscore before punctuation ends a reference (``name_)``, ``[1]_.``).
_RST_REFERENCE_END = re.compile(r"_(?=[^\w]|$)")


def _rst_escaped(char: str) -> str:
    return _BACKSLASH + chr(_LITERAL + ord(char))


#: docutils links a standalone ``scheme:path`` (``javascript:alert(1)`` too); a
#: backslash before the colon keeps it text.  Web and mail links may stay links.
_RST_SCHEME = re.compile(r"(?i)\b(?!(?:https?|mailto):)([a-z][a-z0-9+.-]*):(?=\S)")


def _rst(value: str) -> str:
    """``..`` opens explicit markup (directives, comments, targets) at a block's start."""
    value = "".join(_rst_escaped(c) if c in _RST_EVERYWHERE else c for c in value)
    value = _RST_SCHEME.sub(lambda m: m.group(1) + _rst_escaped(":"), value)
    value = _RST_REFERENCE_END.sub(_rst_escaped("_"), value)
    if value.startswith(".."):
        value = _rst_escaped(".") + value[1:]
    return value


# mediawiki ------------------------------------------------------------------------------

#: Templates and parser functions, links and categories, tables, signatures (``~~~~``),
#: bold/italic quotes and behaviour switches (``__NOTOC__``).  pandoc escapes only
#: ``<``, ``>`` and ``&``, and writes no line breaks inside a paragraph.
_WIKI_MARKUP = re.compile(r"[{}\[\]|]|~~~|''|__|^'|'$")
#: …and at a block's start: lists, headings, ``#REDIRECT``, rules, table header cells.
_WIKI_LINE_START = re.compile(r"^(?:[=*#:;!]|-{4})")


def _wiki(value: str) -> str:
    return f"{_NOWIKI}{value}{_END_NOWIKI}" if _WIKI_MARKUP.search(value) else value


def _wiki_line_start(value: str) -> str:
    if _WIKI_LINE_START.match(value):
        return f"{_NOWIKI}{value}{_END_NOWIKI}"
    return _wiki(value)


# org ---------------------------------------------------------------------------------

#: A zero-width space goes before these: ``@@`` export snippets, ``[[`` links and
#: images, ``[fn:``/``[cite:``, ``]]`` (which would end a link's description early),
#: ``{{{`` macros, ``src_x{…}`` inline code blocks.
_ORG_BEFORE = "@[]{"
#: …and after these: ``<<`` targets, ``<%%(…)>`` diary sexps, angle links and
#: timestamps (not before an emphasis marker: ``</`` opens none of them).
_ORG_AFTER = "<"
#: …and before a colon (``scheme:path`` plain links, where an image URL is shown as an
#: image, ``:DRAWER:``, ``:tags:``, ``: fixed width`` lines) unless it ends a word: after
#: it, the space would stand before the ``//`` of a URL (see the markers below), and
#: pandoc still reads ``https:/\u200b/…`` as a link.
_ORG_COLON = re.compile(r":(?!(?<=\w:)$)")
#: At the start of a word (pandoc wraps it to a line's start): keywords
#: (``#+INCLUDE:``), comments, tables.
_ORG_WORD_START = re.compile(r"^[#|]")
#: A word of these alone starts a heading, a list or a rule at a line's start; the
#: zero-width space goes after it (the next word may start right after it).
_ORG_BULLET = re.compile(r"^[-+*]+$")
#: Emphasis markers, and what pandoc's Org reader lets stand before an opening one (a
#: word's start, that is a space, or a zero-width space among them).  A marker there
#: opens emphasis, and the reader takes time exponential in the openers a paragraph
#: leaves unclosed (forty ``/usr`` words or ``https://`` URLs: minutes).  A zero-width
#: space right after the marker keeps it a character, so one is never written before
#: a marker: always after it.
_ORG_MARKERS = frozenset("*/_=~+")
_ORG_PRE = frozenset("-({'\"" + _ZWSP)
_ORG_CALL = re.compile(r"\bcall_")
#: A link whose description ends in an image file name is shown as that image: a
#: zero-width space after the extension keeps it a name.
_ORG_FILE_NAME = re.compile(r"\.[A-Za-z]{2,5}$")
#: Words a heading may start with that Org reads as its state: ``COMMENT`` drops the
#: whole section from every export, ``TODO``/``DONE`` turn into a keyword.
_ORG_HEADING_WORDS = frozenset(("COMMENT", "TODO", "DONE"))
#: Org entities: a backslash opens LaTeX fragments, a dollar inline math; pandoc and
#: Emacs pass both to LaTeX as they are.
_ORG_ENTITIES = {"\\": "\\backslash{}", "$": "\\dollar{}"}


def _org(value: str) -> str:
    if _ORG_BULLET.match(value):
        return value + _ZWSP
    spaced = [_ZWSP] if _ORG_WORD_START.match(value) else []
    value = _ORG_CALL.sub("call_" + _ZWSP, _ORG_COLON.sub(_ZWSP + ":", value))
    for index, char in enumerate(value):
        if char in _ORG_BEFORE:
            spaced.append(_ZWSP)
        spaced.append(_ORG_ENTITIES.get(char, char))
        following = value[index + 1 : index + 2]
        if (char in _ORG_AFTER and following not in _ORG_MARKERS) or (
            char in _ORG_MARKERS and following.strip() and _opens(spaced)
        ):
            spaced.append(_ZWSP)
    protected = "".join(spaced)
    if _ORG_FILE_NAME.search(protected) or protected in _ORG_HEADING_WORDS:
        return protected + _ZWSP
    return protected


def _opens(written: list[str]) -> bool:
    """Would the marker just written (``written[-1]``) open emphasis?"""
    return len(written) < 2 or written[-2][-1] in _ORG_PRE


def _org_code(value: str) -> str | dict[str, Any]:
    """``=code=`` ends at the first ``=`` before a space (``~code~`` likewise), and what
    follows it is live: such code is written as (protected) text instead."""
    if "=" not in value and "~" not in value:
        return value
    words = [_org_word(word) for word in _WORDS.findall(value)]
    return {"t": "Span", "c": [["", [], []], words]}


def _org_word(word: str) -> dict[str, Any]:
    return {"t": "Space"} if word.isspace() else {"t": "Str", "c": _org(word)}


# asciidoc --------------------------------------------------------------------------------

#: At the start of a word (pandoc wraps lines): attribute entries (``:imagesdir: …``),
#: comments (``//``), block titles (``.Title``), sections (``=``), delimiters (``--``,
#: ``....``, ``'''``, ``- `` lists) and admonitions (``NOTE:``).  pandoc escapes
#: ``{ [ ] + * _ # < > \\ ` |`` itself.
_ADOC_LINE_START = re.compile(r"^(?:[:.]|//|'''|-+$|=+$|(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION):)")
#: Inside a word, ``{empty}`` parts ``::`` and ``;;`` (block macros and preprocessor
#: directives such as ``include::``, description list terms), and a zero-width space
#: parts ``((index terms))``, which hide their text, and ``$$`` passthroughs.
_ADOC_DOUBLE = re.compile(r"(?<=:)(?=:)|(?<=;)(?=;)")
_ADOC_INSIDE = re.compile(r"(?<=\()(?=\()|(?<=\$)(?=\$)")
#: Lines a listing or literal block must not hold as they are: the delimiters pandoc
#: uses (``----``, ``....``) end the block early; preprocessor directives are read
#: inside blocks too (the backslash is AsciiDoc's escape for them).
_ADOC_DELIMITER_LINE = re.compile(r"^(?=([-.=*_+/])\1{3,}\s*$)", re.MULTILINE)
_ADOC_DIRECTIVE_LINE = re.compile(r"^(?=(?:include|ifn?def|ifeval|endif)::)", re.MULTILINE)


def _adoc(value: str) -> str:
    value = _ADOC_DOUBLE.sub(_EMPTY, _ADOC_INSIDE.sub(_ZWSP, value))
    return _EMPTY + value if _ADOC_LINE_START.match(value) else value


def _adoc_code_block(value: str) -> str:
    return _ADOC_DIRECTIVE_LINE.sub("\\\\", _ADOC_DELIMITER_LINE.sub(_ZWSP, value))


# the rule sets ----------------------------------------------------------------------------

Rewrite = Callable[[str], str]
#: A rewrite of inline code: new code text, or an inline element to put in its place.
CodeRewrite = Callable[[str], "str | dict[str, Any]"]


class _Rules:
    def __init__(
        self,
        text: Rewrite,
        line_start: Rewrite | None = None,
        code: CodeRewrite | None = None,
        code_block: Rewrite | None = None,
        plain_code_blocks: bool = False,
        revealed: dict[str, str] | None = None,
    ) -> None:
        self.text = text
        #: For the first word of a paragraph, heading or cell (``text`` if not given).
        self.line_start = line_start or text
        self.code = code
        self.code_block = code_block
        #: Drop code classes (MediaWiki's ``<syntaxhighlight>`` is written unescaped).
        self.plain_code_blocks = plain_code_blocks
        self.revealed = revealed or {}


_RULES = {
    "rst": _Rules(_rst, revealed={_BACKSLASH: "\\"}),
    "mediawiki": _Rules(
        _wiki,
        line_start=_wiki_line_start,
        code=_wiki,
        plain_code_blocks=True,
        revealed={_NOWIKI: "<nowiki>", _END_NOWIKI: "</nowiki>"},
    ),
    "org": _Rules(_org, code=_org_code),
    "asciidoc": _Rules(_adoc, code_block=_adoc_code_block, revealed={_EMPTY: "{empty}"}),
}
_RULES["asciidoctor"] = _RULES["asciidoc_legacy"] = _RULES["asciidoc"]


def protect(ast: dict[str, Any], writer: str) -> dict[str, Any]:
    """The document with its text rewritten for ``writer`` (unchanged for others)."""
    rules = _RULES.get(writer)
    if rules is None:
        return ast
    return _walk(ast, rules)  # type: ignore[no-any-return]


def reveal(output: bytes, writer: str) -> bytes:
    """pandoc's output with the placeholders :func:`protect` left turned into escapes."""
    rules = _RULES.get(writer)
    if rules is None:
        return output
    text = output.decode("utf-8")
    revealed = _PLACEHOLDER.sub(lambda m: _revealed(m.group(0), rules), text)
    return revealed.encode("utf-8")


def _revealed(placeholder: str, rules: _Rules) -> str:
    code = ord(placeholder)
    if _LITERAL <= code < _LITERAL + 128:
        return chr(code - _LITERAL)
    return rules.revealed.get(placeholder, "\ufffd")


def _walk(node: Any, rules: _Rules) -> Any:
    if isinstance(node, list):
        return [_walk(item, rules) for item in node]
    if not isinstance(node, dict):
        return node
    tag = node.get("t")
    if tag == "Str":
        return {"t": "Str", "c": rules.text(_clean(node["c"]))}
    if tag in ("Para", "Plain"):
        return {"t": tag, "c": _inlines(node["c"], rules)}
    if tag in _EMPHASIS:
        return {"t": tag, "c": [_walk(inline, rules) for inline in _unnested(tag, node["c"])]}
    if tag == "Header":
        level, attributes, inlines = node["c"]
        return {"t": tag, "c": [level, attributes, _inlines(inlines, rules)]}
    if tag == "Code":
        attributes, value = node["c"]
        rewritten = rules.code(_clean(value)) if rules.code else _clean(value)
        if isinstance(rewritten, dict):
            return rewritten
        return {"t": "Code", "c": [attributes, rewritten]}
    if tag == "CodeBlock":
        attributes, value = node["c"]
        if rules.plain_code_blocks:
            attributes = ["", [], []]
        value = _clean(value)
        block = rules.code_block(value) if rules.code_block else value
        return {"t": "CodeBlock", "c": [attributes, block]}
    return {key: _walk(value, rules) for key, value in node.items()}


#: Emphasis of one kind inside the same kind shows as one level: the text formats write
#: every level's markers, which their readers must pair up again (pandoc's Org reader
#: takes minutes on sixteen nested levels).
_EMPHASIS = frozenset(("Emph", "Strong", "Strikeout", "Underline"))


def _unnested(tag: str, inlines: list[Any]) -> list[Any]:
    """``inlines`` with each inline of kind ``tag`` replaced by its own inlines."""
    flat: list[Any] = []
    for inline in inlines:
        if isinstance(inline, dict) and inline.get("t") == tag:
            flat += _unnested(tag, inline["c"])
        else:
            flat.append(inline)
    return flat


def _inlines(inlines: list[Any], rules: _Rules) -> list[Any]:
    """A block's inlines; its first word gets the line-start rule."""
    walked = [_walk(inline, rules) for inline in inlines]
    if inlines and inlines[0].get("t") == "Str":
        walked[0] = {"t": "Str", "c": rules.line_start(_clean(inlines[0]["c"]))}
    return walked


def _clean(value: str) -> str:
    """Placeholder characters in the notes would be read as escapes: U+FFFD instead."""
    return _PLACEHOLDER.sub("\ufffd", value)
