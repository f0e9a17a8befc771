"""The flowables of the PDF handout: a conference's cover, days and sessions, the
contents, and the cover of a book of several conferences."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from confexport import fallback_font
from confexport.dates import date_range, long_date
from confexport.exporters.pdf.contents import ContentsLine, PageNumbers
from confexport.exporters.pdf.flowables import (
    Box,
    Inset,
    Mark,
    paragraph,
    paragraphs,
)
from confexport.exporters.pdf.fragments import Markup
from confexport.exporters.pdf.images import ImagePlacer
from confexport.exporters.pdf.inline import SAFE_LINK, attribute
from confexport.exporters.pdf.markdown import MarkdownFlowables
from confexport.exporters.pdf.qr import LinkWithCode, can_encode
from confexport.exporters.pdf.style import SANS, StyleSheet, fallback_coverage
from confexport.glyphs import describe_scripts, missing_scripts
from confexport.model import Conference, Day, Talk
from confexport.policy import session_facts

log = logging.getLogger("confexport")

LABEL_COLOR = "#6b7280"
#: Longest title (or list of speakers) a contents line prints.
CONTENTS_LIMIT = 300


class Layout:
    """What every part of a handout shares: style sheet, options, frame, images."""

    def __init__(
        self,
        sheet: StyleSheet,
        pages: PageNumbers,
        width: float,
        height: float,
        *,
        abstracts: bool,
        qr_codes: bool = False,
    ) -> None:
        self.sheet = sheet
        self.pages = pages
        self.width = width
        self.abstracts = abstracts
        self.qr_codes = qr_codes
        self.images = ImagePlacer(sheet, max_height=height * 0.62)
        self.markdown = MarkdownFlowables(sheet, self.images)
        self.accent = sheet.color("accent").hexval().replace("0x", "#")

    def link(self, url: str) -> str:
        if not SAFE_LINK.match(url):
            return escape(url)
        return f'<a href="{attribute(url)}" color="{self.accent}">{escape(url)}</a>'

    def link_text(self, url: str) -> Markup:
        """:meth:`link` as paragraph text."""
        if not SAFE_LINK.match(url):
            return Markup().text(url)
        return Markup().open("a", href=url, color=self.accent).text(url).close("a")

    def talk_link(self, url: str, where: str) -> Flowable:
        """A talk's link line, with its QR code beside it when the handout has them."""
        text, style = self.link_text(url), self.sheet["talk_meta"]
        line = Paragraph(text.words(), style, frags=text.fragments(style))
        if not self.qr_codes or not SAFE_LINK.match(url):
            return line
        if not can_encode(url):
            log.warning(
                "%s: the talk link is %d characters long, too long for a QR code that "
                "prints legibly; printed without one", where, len(url),
            )  # fmt: skip
            return line
        page = self.sheet.page
        return LinkWithCode(line, url, size=page["qr_size"], gap=page["qr_gap"])

    def cover_block(self, title: Sequence[Flowable], subtitle: str) -> list[Flowable]:
        """A cover's title, subtitle and rule."""
        sheet = self.sheet
        story: list[Flowable] = [Spacer(1, 60), *title]
        if subtitle:
            story += paragraphs(escape(subtitle), sheet["cover_subtitle"])
        else:
            story.append(Spacer(1, 20))
        story.append(HRFlowable(width="100%", thickness=1.2, color=sheet.color("accent"),
                                spaceBefore=0, spaceAfter=16))  # fmt: skip
        return story

    def fact(self, label: str, value: str) -> list[Flowable]:
        """A labelled line of a cover (``value`` is paragraph markup)."""
        sheet = self.sheet
        return [
            Paragraph(f'<font name="{SANS}-Bold" size="{sheet["cover_label"].fontSize:g}" '
                      f'color="{LABEL_COLOR}">{escape(label.upper())}</font>',
                      sheet["cover_label"]),
            paragraph(value, sheet["cover_fact"]),
            Spacer(1, 10),
        ]  # fmt: skip


class ConferenceStory:
    """One conference: its cover, then a section a day.

    ``part`` is None for a handout of this conference alone; in a book it is the
    conference's number, and its outline and contents entries sit one level deeper.
    """

    def __init__(self, conference: Conference, layout: Layout, part: int | None = None) -> None:
        self.conference = conference
        self.layout = layout
        self.sheet = layout.sheet
        self.width = layout.width
        self.images = layout.images
        self.markdown = layout.markdown
        self.link = layout.link
        self.abstracts = layout.abstracts
        self.level = 0 if part is None else 1
        self.key_prefix = "" if part is None else f"part-{part}-"
        self.part = part
        self.source = str(conference.source) if conference.source else "<notes>"
        self.days = [(day, list(day.talks)) for day in conference.days]
        self._notes_text: str | None = None

    @property
    def session_count(self) -> int:
        return sum(len(talks) for _, talks in self.days)

    def body(self) -> list[Flowable]:
        """Every day, each from a new page."""
        self.images.conference = self.conference
        story: list[Flowable] = []
        for number, (day, talks) in enumerate(self.days, start=1):
            story += [PageBreak(), *self.day(day, number, talks)]
        return story

    # -- the cover ------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        conference = self.conference
        self.images.conference = conference
        dates = date_range(conference.start, conference.end)
        toc_text = Markup().text(clip(conference.title))
        if dates:
            toc_text.text(" ").open("font", color=LABEL_COLOR, size="9")
            toc_text.text(f"· {dates}").close("font")
        mark = Mark(
            key=f"{self.key_prefix}cover",
            title=conference.title,
            kind="conference",
            outline_level=self.level,
            toc_level=None if self.part is None else 0,
            toc_text=toc_text,
        )
        self.check_glyphs(
            self.source, 0, conference.title, conference.subtitle, conference.location or "",
            *conference.authors, conference.notes,
        )  # fmt: skip
        title = paragraphs(escape(conference.title), self.sheet["cover_title"], mark)
        story = self.layout.cover_block(title, conference.subtitle)
        for label, value in self.cover_facts():
            story += self.layout.fact(label, value)
        if conference.notes.strip():
            story += [Spacer(1, 14), *self.markdown.render(conference.notes, self.width)]
        return story

    def cover_facts(self) -> list[tuple[str, str]]:
        conference = self.conference
        facts: list[tuple[str, str]] = []
        dates = date_range(conference.start, conference.end)
        if dates:
            facts.append(("Dates", escape(dates)))
        if conference.location:
            facts.append(("Location", escape(conference.location)))
        if conference.timezone:
            facts.append(("Time zone", escape(conference.timezone)))
        if conference.url:
            facts.append(("Schedule", self.link(conference.url)))
        facts.append(("Sessions", sessions_over_days(self.session_count, len(self.days))))
        if conference.authors:
            facts.append(("Notes by", escape(", ".join(conference.authors))))
        return facts

    # -- days and sessions ---------------------------------------------------------

    def day(self, day: Day, number: int, talks: list[Talk]) -> list[Flowable]:
        title = day.title.strip() or f"Day {number}"
        self.check_glyphs(self.source, 0, day.title, day.notes)
        mark = Mark(
            key=f"{self.key_prefix}day-{number}",
            title=title,
            kind="day",
            outline_level=self.level + 1,
            toc_level=self.level,
            toc_text=Markup().text(clip(title)),
        )
        heading = paragraphs(escape(title), self.sheet["day_heading"], mark)
        count = f"{len(talks)} session{'s' * (len(talks) != 1)}"
        when = f"{long_date(day.date)} · {count}" if day.date else count
        story: list[Flowable] = [*heading, paragraph(escape(when), self.sheet["day_date"])]
        if day.notes.strip():
            story += self.markdown.render(day.notes, self.width)
        for index, talk in enumerate(talks):
            key = f"{self.key_prefix}day-{number}-talk-{index + 1}"
            story += self.talk(talk, day, key, first=index == 0)
        return story

    def talk(self, talk: Talk, day: Day, key: str, *, first: bool) -> list[Flowable]:
        sheet = self.sheet
        line = talk.source.line if talk.source else 0
        path = talk.source.path if talk.source else self.source
        self.check_glyphs(
            path, line, talk.title, *talk.speakers, talk.abstract, talk.notes,
            talk.room or "", talk.track or "",
        )  # fmt: skip
        story: list[Flowable] = []
        if not first:
            story += [CondPageBreak(120), Spacer(1, 10),
                      HRFlowable(width="100%", thickness=0.5, color=sheet.color("rule"),
                                 spaceBefore=0, spaceAfter=12)]  # fmt: skip
        toc_text = Markup().text(clip(talk.title))
        if talk.speakers:
            toc_text.text(" ").open("font", color=LABEL_COLOR)
            toc_text.text(f"· {clip(', '.join(talk.speakers))}").close("font")
        mark = Mark(
            key=key,
            title=talk.title,
            kind="talk",
            outline_level=self.level + 2,
            toc_level=self.level + 1,
            toc_text=toc_text,
        )
        heading: list[Flowable] = [*paragraphs(escape(talk.title), sheet["talk_title"], mark)]
        if talk.speakers:
            heading += paragraphs(escape(", ".join(talk.speakers)), sheet["talk_speakers"])
        heading.append(paragraph(self.meta_line(talk, day), sheet["talk_meta"]))
        if talk.url:
            heading.append(self.layout.talk_link(talk.url, f"{path}:{line}"))
        for flowable in heading:
            flowable.keepWithNext = True
        story += heading
        story.append(Spacer(1, 6))
        if talk.abstract.strip() and self.abstracts:
            story.append(self.abstract(talk.abstract))
        if talk.notes.strip():
            story += self.markdown.render(talk.notes, self.width)
        elif not (talk.abstract.strip() and self.abstracts):
            story.append(paragraph("No notes for this session.", sheet["empty"]))
        return story

    def meta_line(self, talk: Talk, day: Day) -> Markup:
        facts = session_facts(talk, day)
        track = f"Track: {facts.track}" if facts.track else ""
        details = [facts.long_date, facts.zoned_time, facts.room, track]
        line = Markup().text(" · ".join([facts.kind, *filter(None, details)]))
        if not facts.attended:
            warning = self.sheet.color("warning").hexval().replace("0x", "#")
            line.text(" · ").open("font", color=warning, name=f"{SANS}-Bold")
            line.text("NOT ATTENDED").close("font")
        return line

    def abstract(self, text: str) -> Flowable:
        sheet = self.sheet
        inner_width = self.width - 24
        content: list[Flowable] = [paragraph("ABSTRACT", sheet["abstract_label"])]
        content += self.markdown.render(text, inner_width, style="abstract")
        box = Box(
            left=14, right=10, top=8, bottom=7,
            fill=sheet.color("abstract_fill"), bar=sheet.color("abstract_bar"), bar_width=3,
        )  # fmt: skip
        return Inset(content, box, space_before=2, space_after=12)

    def check_glyphs(self, path: str, line: int, *texts: str) -> None:
        """Warn, once for this part of the notes, of each script the fonts cannot draw."""
        covered = fallback_coverage()
        scripts = missing_scripts(" ".join(texts), covered)
        if scripts:
            log.warning(
                "%s:%d: the embedded fonts have no glyph for these characters, which print "
                "as boxes: %s%s",
                path, line or self.line_of(texts, scripts), describe_scripts(scripts),
                "" if covered else f"; {fallback_font.HINT}",
            )  # fmt: skip

    def line_of(self, texts: Sequence[str], scripts: dict[str, str]) -> int:
        """The line of the notes file where the first of these missing characters is
        written (1 when the notes are a folder or the line is not found)."""
        first = next(iter(scripts.values()))[0]
        if self._notes_text is None:
            self._notes_text = _read_notes_file(self.conference)
        written = self._notes_text
        quoted = next((ln for text in texts for ln in text.splitlines() if first in ln), first)
        index = written.find(quoted.strip())
        if index < 0:
            index = written.find(first)
        return written.count("\n", 0, index) + 1 if index >= 0 else 1


def contents(marks_from: Sequence[Flowable], levels: Sequence[ParagraphStyle],
             sheet: StyleSheet, pages: PageNumbers) -> list[Flowable]:  # fmt: skip
    """The contents page(s): a line for every flowable with a contents mark.

    ``levels`` styles each contents level; the deepest (the sessions) has leader dots.
    """
    story: list[Flowable] = [Paragraph("Contents", sheet["contents_title"])]
    deepest = len(levels) - 1
    for flowable in marks_from:
        mark: Mark | None = getattr(flowable, "mark", None)
        if mark is None or mark.toc_level is None:
            continue
        level = mark.toc_level
        text = mark.toc_text or Markup()
        line = ContentsLine(text, mark.key, levels[level], pages, dots=level == deepest)
        line.keepWithNext = level < deepest
        story.append(line)
    return story


def book_cover(title: str, stories: Sequence[ConferenceStory], layout: Layout) -> list[Flowable]:
    """The cover of a book of several conferences: its title and the list of them."""
    sheet = layout.sheet
    mark = Mark(key="book", title=title, kind="book", outline_level=0)
    heading = paragraphs(escape(title), sheet["cover_title"], mark)
    count = len(stories)
    subtitle = f"Notes from {count} conference{'s' * (count != 1)}"
    story = layout.cover_block(heading, subtitle)
    story += layout.fact("Conferences", "")[:1]
    for part in stories:
        conference = part.conference
        details = [date_range(conference.start, conference.end), conference.location or ""]
        details.append(sessions_over_days(part.session_count, len(part.days)))
        line = " · ".join(escape(detail) for detail in details if detail)
        story += [
            paragraph(f'<a href="#{part.key_prefix}cover"><font name="{SANS}-Bold">'
                      f"{escape(conference.title)}</font></a>", sheet["cover_fact"]),
            paragraph(f'<font color="{LABEL_COLOR}">{line}</font>', sheet["cover_fact"]),
            Spacer(1, 8),
        ]  # fmt: skip
    sessions = sum(part.session_count for part in stories)
    story += [Spacer(1, 4), *layout.fact("In all", f"{sessions} session{'s' * (sessions != 1)}")]
    return [NextPageTemplate("body"), *story]


def _read_notes_file(conference: Conference) -> str:
    """The notes file's text, to find lines in; empty for a folder or an unreadable file."""
    source = conference.source
    if source is None or conference.is_folder:
        return ""
    try:
        return source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def clip(text: str, limit: int = CONTENTS_LIMIT) -> str:
    """``text`` cut to ``limit`` characters for a contents line, which cannot break
    across pages."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def sessions_over_days(sessions: int, days: int) -> str:
    return f"{sessions} session{'s' * (sessions != 1)} over {days} day{'s' * (days != 1)}"
