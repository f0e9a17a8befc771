"""A paragraph's text as reportlab's fragments, made straight from what the text is:
words, and the tags that would open and close around them (bold, italic, a face, a
colour, a link, a strike, a highlight, a line break), never written out for
reportlab's markup parser to read back.

:class:`Markup` holds the words and tags; :meth:`Markup.fragments` makes the very
fragments reportlab's parser makes of the markup :meth:`Markup.tags` writes: its
whitespace cleaned as reportlab cleans it (:func:`cleanBlockQuotedText`), a fragment
for each text between two tags or escaped characters, each tag's attributes set as
the parser sets them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.abag import ABag
from reportlab.lib.colors import toColor
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser
from reportlab.rl_config import platypus_link_underline

#: Stands for a run of tags while the text is cleaned (text holding it takes the
#: parser's way): it is no whitespace to reportlab.
_TAGS = "\x00"
#: The characters escaping turns into entities: the parser sets each apart.
_ESCAPED = re.compile(r"([&<>])")
#: reportlab's repeats of a strike line by kind (its ``_lineRepeats``).
_SINGLE = 1


@dataclass(frozen=True, slots=True)
class Open:
    """An opening tag: ``b``, ``i``, ``strike``, ``span``, ``font``, ``a``, or the
    empty ``onDraw`` (which has no :class:`Close`); attributes as the tag writes them."""

    tag: str
    attributes: tuple[tuple[str, str], ...] = ()

    def written(self) -> str:
        pairs = "".join(f' {name}="{escape(value, {chr(34): "&quot;"})}"'
                        for name, value in self.attributes)  # fmt: skip
        return f"<{self.tag}{pairs}/>" if self.tag == "onDraw" else f"<{self.tag}{pairs}>"


@dataclass(frozen=True, slots=True)
class Close:
    tag: str


@dataclass(frozen=True, slots=True)
class Break:
    """``<br/>``."""


Token = str | Open | Close | Break


class Markup:
    """A paragraph's text: words (as they read, not escaped) and tags."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: list[Token] | None = None) -> None:
        self.tokens: list[Token] = tokens if tokens is not None else []

    def text(self, words: str) -> Markup:
        if words:
            self.tokens.append(words)
        return self

    def open(self, tag: str, **attributes: str) -> Markup:
        self.tokens.append(Open(tag, tuple(attributes.items())))
        return self

    def close(self, tag: str) -> Markup:
        self.tokens.append(Close(tag))
        return self

    def line_break(self) -> Markup:
        self.tokens.append(Break())
        return self

    def extend(self, other: Markup) -> Markup:
        self.tokens += other.tokens
        return self

    def copy(self) -> Markup:
        return Markup(list(self.tokens))

    def words(self) -> str:
        return "".join(token for token in self.tokens if isinstance(token, str))

    def plain(self) -> str | None:
        """The words, when they are all there is and none would be escaped (reportlab
        then makes one fragment of them, which needs no parser either); else None."""
        if not all(isinstance(token, str) for token in self.tokens):
            return None
        words = self.words()
        return None if _ESCAPED.search(words) else words

    def blank(self) -> bool:
        """Nothing but whitespace: no tag, no word."""
        return all(isinstance(token, str) and not token.strip() for token in self.tokens)

    def tags(self) -> str:
        """The markup reportlab's parser would read."""
        return "".join(_written(token) for token in self.tokens)

    def fragments(self, style: ParagraphStyle) -> list[ParaFrag]:
        """The fragments reportlab's parser makes of :meth:`tags` in ``style``."""
        texts, runs = self._cleaned()
        if texts is None:  # the text holds the stand-in for tags: the parser decides
            _, parsed, _ = ParaParser().parse(cleanBlockQuotedText(self.tags()), style)
            frags: list[ParaFrag] = parsed
        else:
            frags = _Fragments(style).made(texts, runs)
        textTransformFrags(frags, style)
        return frags

    def _cleaned(self) -> tuple[list[str] | None, list[list[Token]]]:
        """The texts between runs of tags, whitespace cleaned as reportlab cleans the
        whole markup, and the runs of tags (one fewer than the texts)."""
        texts: list[str] = [""]
        runs: list[list[Token]] = []
        for token in self.tokens:
            if isinstance(token, str):
                texts[-1] += token
            elif runs and texts[-1] == "":
                runs[-1].append(token)  # another tag of the same run
            else:
                runs.append([token])
                texts.append("")
        joined = _TAGS.join(texts)
        if joined.count(_TAGS) != len(runs):
            return None, runs
        return cleanBlockQuotedText(joined).split(_TAGS), runs


def _written(token: Token) -> str:
    if isinstance(token, str):
        return escape(token)
    if isinstance(token, Open):
        return token.written()
    if isinstance(token, Close):
        return f"</{token.tag}>"
    return "<br/>"


@functools.lru_cache(maxsize=256)
def _color(value: str) -> Any:
    return toColor(value)


class _Fragments:
    """The parser's work on cleaned text: a stack of looks, a fragment per text."""

    def __init__(self, style: ParagraphStyle) -> None:
        self.style = style
        self.stack = [_initial(style)]
        self.out: list[ParaFrag] = []
        self.lines = self.links = 0

    def made(self, texts: list[str], runs: list[list[Token]]) -> list[ParaFrag]:
        for text, run in zip(texts, [*runs, []], strict=True):
            for piece in _ESCAPED.split(text):
                if piece:
                    self.data(piece)
            for token in run:
                self.tag(token)
        return self.out

    def data(self, text: str) -> None:
        frag = _copy(self.stack[-1])
        frag.fontName = tt2ps(frag.fontName, frag.bold, frag.italic)
        frag.text = text
        self.out.append(frag)

    def push(self, tag: str, **attributes: Any) -> ParaFrag:
        frag = _copy(self.stack[-1])
        frag.__tag__ = tag
        for name, value in attributes.items():
            setattr(frag, name, value)
        self.stack.append(frag)
        return frag

    def tag(self, token: Token) -> None:
        if isinstance(token, Close):
            self.stack.pop()
        elif isinstance(token, Break):
            self.push("br", lineBreak=True, text="")
            self.data("")
            self.stack.pop()
        elif isinstance(token, Open):
            self.open(token.tag, dict(token.attributes))

    def open(self, tag: str, attributes: dict[str, str]) -> None:
        if tag in ("b", "i"):
            self.push(tag, **{"bold" if tag == "b" else "italic": 1})
        elif tag == "strike":
            self.push(tag, strike=1)
            self.new_line("strike")
        elif tag == "a":
            link = [*self.stack[-1].link, (self.links, attributes["href"].strip())]
            self.links += 1
            self.push(tag, **self.look(attributes), link=link)
            if getattr(self.style, "linkUnderline", platypus_link_underline):
                self.new_line("underline")
        elif tag == "onDraw":
            defn = ABag()
            defn.name, defn.label, defn.kind = attributes["name"], attributes.get("label"), "onDraw"
            self.push("ondraw", cbDefn=defn)
            self.data("")
            self.stack.pop()
        else:  # font, span
            self.push(tag, **self.look(attributes))

    @staticmethod
    def look(attributes: dict[str, str]) -> dict[str, Any]:
        """A font, span or link's attributes as the parser sets them."""
        look: dict[str, Any] = {}
        for name, value in attributes.items():
            if name in ("face", "name"):
                look["fontName"] = value
            elif name == "size":
                look["fontSize"] = _number(value)
            elif name == "color":
                look["textColor"] = _color(value)
            elif name == "backColor":
                look["backColor"] = _color(value)
        if "fontName" in look:
            look["fontName"], look["bold"], look["italic"] = ps2tt(look["fontName"])
        return look

    def new_line(self, kind: str) -> None:
        frag, style = self.stack[-1], self.style
        frag.us_lines = [*frag.us_lines, (
            self.lines,
            kind,
            getattr(frag, f"{kind}Color", getattr(style, f"{kind}Color", "")),
            getattr(frag, f"{kind}Width", getattr(style, f"{kind}Width", "")),
            getattr(frag, f"{kind}Offset", getattr(style, f"{kind}Offset", "")),
            frag.rise,
            _SINGLE,
            getattr(frag, f"{kind}Gap", getattr(style, f"{kind}Gap", "")),
        )]  # fmt: skip
        self.lines += 1


def _number(value: str) -> float:
    try:
        return int(value)
    except ValueError:
        return float(value)


def _initial(style: ParagraphStyle) -> ParaFrag:
    """The look a paragraph in ``style`` starts in (the parser's ``<para>``)."""
    frag = ParaFrag()
    frag.rise = 0
    frag.greek = 0
    frag.link = []
    frag.fontName, frag.bold, frag.italic = ps2tt(style.fontName)
    frag.fontSize = style.fontSize
    frag.textColor = style.textColor
    frag.us_lines = []
    frag.__tag__ = "para"
    return frag


def _copy(frag: ParaFrag) -> ParaFrag:
    copied: ParaFrag = ParaFrag.__new__(ParaFrag)
    copied.__dict__.update(frag.__dict__)
    return copied
