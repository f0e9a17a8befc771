"""Speakers named in the lead of a session: the lines right under its heading.

Read, in any order near the top (after link lines, images and the abstract quote):
labelled lines (``Speaker:``, ``Speakers:``, ``Presenter:``, ``By``, ``author:``, their
common misspellings and other languages), a bare ``Speakers`` label over a list, name
lines (``Jane Doe``, ``**Jane Doe, Acme**``, ``Jane Doe - CTO``, ``Jane Doe as Advocate,
Acme``), lists of such lines, ``A hosted, panelists: B, C``, and, as the last resort, a
handle or a profile link.  A line holding an image, or a link other than a profile
link, is never a speaker line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from confexport.reader import names, patterns
from confexport.reader.blocks import Block, has_image, is_link_line, links_of

#: How many blocks of the lead are looked at.
_LEAD_BLOCKS = 6
#: How many items of a list in the lead may name speakers.
_LEAD_ITEMS = 6
#: Longest line (in words) read as a name line without a label.
_NAME_LINE_WORDS = 16

_LABEL = (
    r"(?:co-?)?(?:sp[ea]{1,2}k[ea]?rs?|speakers?\(s\)|spreaker|presente?[ou]?rs?|presented\s+by|"
    r"presentation\s+by|talk\s+by|given\s+by|by|authors?|hosts?|hosted\s+by|moderators?|"
    r"panell?ists?|orat(?:eur|rice)s?|intervenant(?:e)?s?|sprecher(?:in)?|referent(?:in)?|"
    r"vortragende[rn]?|ponentes?|ponente\(s\)|par|von|relator[ei]|relatrice|講者|讲者|演講者|演讲者|登壇者|"
    r"スピーカー|話者|発表者|講演者|主讲人|讲师|발표자|연사|who|with|avec|mit|con)"
)
_LABELLED = re.compile(rf"^\W*{_LABEL}\W*?\s*(?:[:：\-–—]|\s(?=[A-Z]))\s*(?P<rest>.*)$", re.I)
_BARE_LABEL = re.compile(rf"^\W*{_LABEL}\s*[:：]?\s*$", re.I)
_MODERATED_BY = re.compile(
    r"^(?:moderated|hosted|chaired|led)\s+by\s+(?P<host>[^;,.]+?)\s*[;,.]\s*"
    r"(?:with|panell?ists?|guests?)\s*[:：]?\s*(?P<rest>.+)$",
    re.I,
)
_HOSTED = re.compile(
    r"^(?P<host>.+?)\s+(?:hosted|moderated|chaired|hosts|moderates)\b[^:]*?"
    r"(?:panell?ists?|guests?|with)\s*[:：]?\s*(?P<rest>.+)$",
    re.I,
)
_NOT_SPEAKER_LABEL = re.compile(
    r"^\W*(?:track|room|language|length|date|time|when|where|level|tags?|slides|video|"
    r"chair|chairs|location|duration|rating|link|links|website|category|type)\s*[:：]",
    re.I,
)
_DIRECTIVE = re.compile(r"^\s*@\w+\s*[({]")


@dataclass(slots=True)
class LeadSpeakers:
    names: tuple[str, ...] = ()
    #: Indexes (into the body) of blocks that held nothing but speakers.
    consumed: set[int] = field(default_factory=set)


def _letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_kind_line(text: str) -> bool:
    """ "**Keynote**", "Conférence", "Workshop": the kind of the session on its own line."""
    stripped = text.strip(" *_:")
    return len(stripped.split()) <= 2 and (
        patterns.kind_of(stripped) != "talk"
        or stripped.lower() in {"talk", "conférence", "conference", "quickie", "workshop",
                                "tools-in-action", "tutorial", "vortrag", "charla"}
    )  # fmt: skip


def _skippable(block: Block) -> bool:
    """Blocks the lead may hold before the speakers: links, images, quotes, ratings…"""
    if block.kind in ("rule", "html", "blockquote", "code", "table"):
        return True
    if block.kind != "paragraph":
        return False
    text = block.text
    if not _letters(text) or is_link_line(block) or _DIRECTIVE.match(text):
        return True
    if has_image(block) and len(text.split()) < 6:
        return True
    return _is_kind_line(text)


#: Lead readings by the lead's own text: a section's lead is read while choosing the
#: structure and again while reading the session.
_CACHE: dict[tuple[tuple[str, str], ...], LeadSpeakers] = {}
_CACHE_SIZE = 4096


def lead_speakers(body: Sequence[Block], lines: Sequence[str]) -> LeadSpeakers:
    """The speakers the first blocks of a section name."""
    lead: list[Block] = []
    for block in body[:_LEAD_BLOCKS]:
        if block.kind == "heading":
            break
        lead.append(block)
    key = tuple((b.kind, "\n".join(lines[b.start : b.end])) for b in lead)
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        cached = _CACHE[key] = _scan_lead(lead, lines)
    return LeadSpeakers(cached.names, set(cached.consumed))


def _scan_lead(body: Sequence[Block], lines: Sequence[str]) -> LeadSpeakers:
    found = LeadSpeakers()
    expect_list = False
    content_seen = 0
    looked_at: list[Block] = []  # where a handle may be the only clue
    for index, block in enumerate(body):
        looked_at.append(block)
        if block.kind == "list":
            every_item = _list_items(block)
            items = every_item[:_LEAD_ITEMS]
            first_names = len(items) >= 2 and all(
                names.is_name(names.clean(_plain(item)), single=True) for item in items
            )
            got = [_item_names(item, label=expect_list or first_names) for item in items]
            named_items = [n for n in got if n]
            if named_items and (expect_list or content_seen == 0):
                found.names += tuple(n for item_names in named_items for n in item_names)
                if len(named_items) == len(every_item):
                    found.consumed.add(index)
                break
            content_seen += 1
            expect_list = False
            if content_seen >= 2:
                break
            continue
        if block.kind == "blockquote":
            first = _first_quote_line(block, lines)
            if first is not None and (got_names := _name_line(first, content_seen == 0)):
                found.names += got_names
            continue
        if _skippable(block):
            continue
        if block.kind != "paragraph":
            break
        block_lines = _paragraph_lines(block, lines)
        hits, all_names, label_only = _paragraph_names(block_lines, content_seen == 0)
        if label_only:
            expect_list = True
            found.consumed.add(index)
            continue
        if hits:
            found.names += hits
            if all_names:
                found.consumed.add(index)
                continue
            break
        content_seen += 1
        if content_seen >= 2 or len(block.text.split()) > 40:
            break
    if not found.names:
        handles = [handle for block in looked_at for handle in _handles(block)]
        found.names = tuple(handles[:1])
    found.names = tuple(dict.fromkeys(found.names))
    return found


def _paragraph_names(block_lines: Sequence[str], first: bool) -> tuple[tuple[str, ...], bool, bool]:
    """Names in a paragraph's lines; whether every line named people; a bare label."""
    if len(block_lines) == 1 and _BARE_LABEL.match(block_lines[0]):
        return (), False, True
    hits: list[str] = []
    named_lines = 0
    for number, line in enumerate(block_lines):
        got = _name_line(line, first and number == 0) or (
            _name_line(line, True) if hits and named_lines == number else ()
        )
        if got:
            hits.extend(got)
            named_lines += 1
        elif (hits and names.handle(line)) or _is_handle_link_line(line):
            named_lines += 1  # the same person's handle or profile on the next line
        elif not hits:
            break
    return tuple(hits), bool(hits) and named_lines == len(block_lines), False


def _name_line(line: str, plain_allowed: bool) -> tuple[str, ...]:
    """The names one line gives: labelled anywhere, unlabelled only where allowed.

    An unlabelled line holding a link (other than a profile link, or a link in
    brackets after the name) or an image is never a speaker line.
    """
    text = _plain(line)
    if plain_allowed and _has_foreign_link(line):
        plain_allowed = False
    if not text or _NOT_SPEAKER_LABEL.match(text):
        return ()
    if match := _MODERATED_BY.match(text) or _HOSTED.match(text):
        host = names.names_in(match.group("host"))
        return host + names.names_in(match.group("rest"))
    if match := _LABELLED.match(text):
        rest = match.group("rest")
        got = names.names_in(rest, single=True)
        if got:
            return got
        if handle := names.handle(rest):
            return (handle,)
        return ()
    if not plain_allowed or len(text.split()) > _NAME_LINE_WORDS:
        return ()
    return names.names_in(text)


_URL = re.compile(r"\]\((\S*?)\)|<(https?://[^>]+)>|(?<![(<])(https?://\S+)")


def _has_foreign_link(line: str) -> bool:
    """A link or image on the line that is not a profile link (bracketed asides excepted)."""
    if "![" in line:
        return True
    outside = re.sub(r"\s[(（][^()（）]*(?:\([^()]*\)[^()（）]*)*(?:[)）]|$)", " ", line)
    for match in _URL.finditer(outside):
        url = next(group for group in match.groups() if group is not None)
        if not names.is_profile_url(url):
            return True
    return False


def _item_names(item: str, *, label: bool) -> tuple[str, ...]:
    text = _plain(item)
    if _NOT_SPEAKER_LABEL.match(text):
        return ()
    if label:
        return names.names_in(text, single=True)
    labelled = _name_line(text, False)
    if labelled:
        return labelled
    if len(text.split()) > _NAME_LINE_WORDS:
        return ()
    return names.names_in(text)


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`~]+|<[^>]+>")


def _plain(line: str) -> str:
    """A source line without list/quote markers, link targets and emphasis."""
    line = re.sub(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s+", "", line)
    line = _LINK.sub(lambda m: m.group(1) if not m.group(0).startswith("!") else "", line)
    line = _MARKUP.sub("", line)
    return " ".join(line.split())


def _paragraph_lines(block: Block, lines: Sequence[str]) -> list[str]:
    return [line for line in lines[block.start : block.end] if line.strip()]


def _first_quote_line(block: Block, lines: Sequence[str]) -> str | None:
    for line in lines[block.start : block.end]:
        stripped = re.sub(r"^\s*(?:>\s*)+", "", line).strip()
        if stripped:
            return stripped if len(stripped.split()) <= 8 else None
    return None


def _list_items(block: Block) -> list[str]:
    """The first line of each top-level item of a list block."""
    items: list[str] = []
    depth = 0
    want = False
    for token in block.tokens:
        if token.type == "list_item_open":
            depth += 1
            want = depth == 1
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "inline" and want:
            items.append(token.content.split("\n")[0])
            want = False
    return items


def _handles(block: Block) -> list[str]:
    if block.kind != "paragraph":
        return []
    found = [name for url, _ in links_of(block) if (name := names.profile_name(url)) is not None]
    if (handle := names.handle(block.text)) is not None:
        found.append(handle)
    return found


def _is_handle_link_line(line: str) -> bool:
    text = line.strip()
    match = re.fullmatch(r"\[(@?[\w.-]+)\]\((\S+)\)", text)
    return bool(match and names.is_profile_url(match.group(2))) or bool(names.handle(text))
