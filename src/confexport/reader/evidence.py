"""What a section shows about itself: is it a session, a sub-topic, an aside, a contents list?

Each test looks at one heading and its immediate body (the blocks up to the next
heading).  :mod:`.outline` adds these up over every section of a candidate structure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from confexport.reader import headings, patterns
from confexport.reader.blocks import Block, is_link_line, links_of
from confexport.reader.speakers import lead_speakers

_TALK_PAGE = re.compile(
    r"/(?:talks?|sessions?|presentations?|schedule|programme|program|events?|contributions?|"
    r"speakers?|agenda|vortrag|conferences?)/[^\s]*\w",
    re.I,
)
_KIND_WORDS = re.compile(
    r"\b(?:keynote|panel|lightning|workshop|tutorial|fireside|ama|talk|session|quickie|"
    r"conférence|vortrag|charla)\b",
    re.I,
)


def heading_is_link(heading: Block) -> bool:
    """The whole heading is one link (``## [Title](url)``), not an in-page anchor."""
    links = links_of(heading)
    if len(links) != 1 or links[0][0].startswith("#"):
        return False
    return is_link_line(Block("paragraph", heading.start, heading.end, heading.tokens, 0))


def is_talk_page(url: str) -> bool:
    return bool(patterns.PRETALX_TALK.match(url) or _TALK_PAGE.search(url))


def session_evidence(
    heading: Block, body: Sequence[Block], lines: Sequence[str], *, name_heading: bool = True
) -> float:
    """0 (nothing says session) … 1 (a time, a speaker, a talk page…).

    ``name_heading``: a heading that is only a person's name counts (a speaker's
    heading over a talk); not for a file's title.
    """
    text = heading.text
    lead = _lead(body)
    # cheapest first: each of these alone says "session"
    if patterns.heading_time(text) or any(is_talk_page(url) for url, _ in links_of(heading)):
        return 1.0
    for block in lead[:4]:
        if any(is_talk_page(url) and not url.startswith("#") for url, _ in links_of(block)):
            return 1.0
    parts = headings.split(text)
    if parts.speakers or parts.numbered or (name_heading and headings.name_only(text)):
        return 1.0
    if lead_speakers(lead, lines).names:
        return 1.0
    score = 0.0
    if heading_is_link(heading):
        score = max(score, 0.6)
    if any(block.kind == "blockquote" for block in lead[:3]):
        score = max(score, 0.5)
    if _KIND_WORDS.search(text) or patterns.kind_of(text) != "talk":
        score = max(score, 0.5)
    return score


def _lead(body: Sequence[Block]) -> list[Block]:
    lead: list[Block] = []
    for block in body:
        if block.kind == "heading":
            break
        lead.append(block)
    return lead


def title_likeness(text: str) -> float:
    """How much a heading reads like a talk title (4–14 words) rather than a sub-topic."""
    words = word_count(text)
    if words <= 1:
        return 0.0
    if words == 2:
        return 0.3
    if words == 3:
        return 0.6
    if words <= 16:
        return 1.0
    return 0.7


_WORD_WITH_LETTER = re.compile(r"[^\s\w]*[^\W\d_]\S*|\S*[^\W\d_]\S*")


def word_count(text: str) -> int:
    """Words, counting three CJK characters as one."""
    wide = 0
    if not text.isascii():
        wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF" and ch.isalpha())
    narrow = len(_WORD_WITH_LETTER.findall(text))
    return narrow + wide // 3


def template_key(text: str) -> str:
    """A heading with its numbers, stars and punctuation gone: repeated ones are templates."""
    return " ".join(re.sub(r"[\W\d_]+", " ", text.casefold()).split())


def is_navigation(heading: Block | None, body: Sequence[Block]) -> bool:
    """A contents list: mostly in-page anchor links, or a checklist of titles."""
    lead = _lead(body)
    if not lead:
        return False
    urls: list[str] = []
    for block in lead:
        if block.kind in ("list", "table", "paragraph"):
            urls.extend(url for url, _ in links_of(block))
            if block.kind == "list" and _is_checklist(block):
                return True
    pages = Counter(url.split("#", 1)[0] for url in urls if "#" in url)
    anchors = sum(1 for url in urls if url.startswith("#"))
    # links to places in one page (this one, or its copy on a forge) are a contents list
    anchors = max(anchors, max(pages.values(), default=0))
    return len(urls) >= 3 and anchors >= 0.6 * len(urls)


_TICK = re.compile(r"^\[[ xX]\]\s")


def _is_checklist(block: Block, least: int = 3) -> bool:
    items = [t for t in block.tokens if t.type == "inline"]
    ticks = sum(1 for t in items if _TICK.match(t.content))
    return len(items) >= least and ticks >= 0.6 * len(items)


def is_aside(
    heading: Block, body: Sequence[Block], lines: Sequence[str], *, relaxed: bool = False
) -> bool:
    """The author's aside: a short heading over links or a bare list, and no session signal.

    A heading over mostly links, or over a to-do list, is an aside anywhere; with
    ``relaxed`` (a heading above the session level, with no session under it, at the
    end of a day or of the file), a heading over nothing but a short list is one too.
    Links in an aside do not make it a session.
    """
    text = heading.text
    if word_count(text) > 4 or patterns.heading_time(text) or headings.split(text).speakers:
        return False
    if _KIND_WORDS.search(text) or patterns.kind_of(text) != "talk" or headings.name_only(text):
        return False
    if lead_speakers(body, lines).names:
        return False
    content = [block for block in body if block.kind not in ("rule", "html")]
    if not content or any(b.kind == "heading" for b in content):
        return False
    paragraphs = [b for b in content if b.kind == "paragraph"]
    link_lines = [b for b in paragraphs if is_link_line(b) or _bare_links(b)]
    if any(b.kind not in ("list", "paragraph") for b in content) or link_lines != paragraphs:
        return False  # prose, quotes, code: notes on something, not a list of links
    links = sum(len(links_of(block)) for block in content)
    items = sum(1 for block in content for t in block.tokens if t.type == "list_item_open")
    if items and links >= 0.5 * (items + len(link_lines)):
        return True
    if paragraphs == content and all(is_link_line(b) or _bare_links(b) for b in paragraphs):
        return True
    if all(b.kind == "list" and _is_checklist(b, least=1) for b in content):
        return True
    return relaxed and all(b.kind == "list" for b in content) and items <= 12


def _bare_links(block: Block) -> bool:
    """A paragraph of URLs, one a line."""
    text = block.text
    return bool(text) and all(part.startswith(("http://", "https://")) for part in text.split())


#: Headings that name a part of one talk's notes, never a talk (a few languages).
_GENERIC = frozenset(
    """
    summary abstract description notes my notes takeaways key takeaways takeaway key points
    questions q a q and a qa links resources references further reading reading slides
    video recording intro introduction overview background motivation conclusion
    conclusions outro wrap up thoughts my thoughts impressions impression misc other
    details demo examples example agenda outline speaker speakers about the speaker bio
    tldr tl dr todo to do next steps follow up lessons learned highlights quotes
    résumé resume notes personnelles questions réponses liens ressources conclusion
    zusammenfassung fragen notizen fazit einleitung resumen preguntas notas enlaces
    riassunto domande note conclusioni 概要 まとめ 感想 質問 参考 总结 摘要 问题 参考资料
    """.split("\n")
)
_GENERIC_WORDS = frozenset(w for line in _GENERIC for w in line.split())


def is_generic_heading(text: str) -> bool:
    """ "Summary", "Key takeaways", "Q&A", "Fazit": a part of a talk's notes."""
    key = template_key(text)
    words = key.split()
    return bool(words) and len(words) <= 3 and all(word in _GENERIC_WORDS for word in words)
