"""The PDF handout: cover, contents, one section a session, with reportlab Platypus.

Fonts are the embedded DejaVu family (Unicode text prints; characters they lack are
reported); the look comes from ``templates/pdf/style.yaml``.  Builds are
reproducible: reportlab's invariant mode plus ``SOURCE_DATE_EPOCH`` for the date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from confexport.exporters.pdf_contents import ContentsLine, PageNumberForms
from confexport.exporters.pdf_document import HandoutDocument
from confexport.exporters.pdf_flowables import Box, Inset, Mark
from confexport.exporters.pdf_images import ImagePlacer, Where
from confexport.exporters.pdf_markdown import SAFE_LINK, MarkdownFlowables, attribute
from confexport.exporters.pdf_style import SANS, StyleSheet, load_style_sheet, missing_glyphs
from confexport.model import Conference, Day, Talk

log = logging.getLogger("confexport")

PAPER = {"a4": A4, "letter": LETTER}
KIND_LABELS = {"ama": "AMA", "lightning": "Lightning talk"}


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """``-O`` options of the PDF handout."""

    #: Paper size; None takes the metadata's ``paper`` where the model has one, else A4.
    paper: Literal["a4", "letter"] | None = None
    #: A table of contents after the cover.
    toc: bool = True
    #: Leave out sessions marked "did not attend".
    attended_only: bool = False
    #: Print each session's official abstract.
    abstracts: bool = True
    #: A folder laid over the default templates (its ``pdf/style.yaml``).
    templates: str | None = None


class PdfExporter:
    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = ".pdf"
    media_type: ClassVar[str] = "application/pdf"
    description: ClassVar[str] = "a printable handout: cover, contents, every session (reportlab)"
    Options: ClassVar[type] = PdfOptions

    def export(self, conference: Conference, options: PdfOptions) -> bytes:
        return build_handout(conference, options)


def paper_size(conference: Conference, options: PdfOptions) -> tuple[float, float]:
    wanted = options.paper or str(getattr(conference, "paper", None) or "a4").lower()
    size: tuple[float, float] = PAPER.get(wanted, A4)
    return size


def build_handout(conference: Conference, options: PdfOptions) -> bytes:
    templates = Path(options.templates).expanduser() if options.templates else None
    sheet = load_style_sheet(templates)
    buffer = io.BytesIO()
    document = HandoutDocument(buffer, conference, sheet, paper_size(conference, options))
    with paused_garbage_collection(), binary_streams():
        document.build(HandoutStory(conference, options, sheet, document).flowables())
    return buffer.getvalue()


@contextlib.contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """No cycle collection while the story is built and laid out.

    The tens of thousands of flowables are live until the end, so the collector's
    repeated full scans would find nothing and cost a tenth of the build.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Streams written as binary rather than ASCII85 text: a quarter smaller, and faster."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class HandoutStory:
    """The flowables of the handout, in reading order."""

    def __init__(
        self,
        conference: Conference,
        options: PdfOptions,
        sheet: StyleSheet,
        document: HandoutDocument,
    ) -> None:
        self.conference = conference
        self.options = options
        self.sheet = sheet
        self.pages = document.page_numbers
        self.width = float(document.width)
        self.images = ImagePlacer(sheet, conference.base_dir, max_height=document.height * 0.62)
        self.markdown = MarkdownFlowables(sheet, self.images)
        self.accent = sheet.color("accent").hexval().replace("0x", "#")
        self.source = str(conference.source) if conference.source else "<notes>"
        self.days = [
            (day, [t for t in day.talks if t.attended or not options.attended_only])
            for day in conference.days
        ]

    def flowables(self) -> list[Flowable]:
        story: list[Flowable] = [NextPageTemplate("body"), *self.cover()]
        body: list[Flowable] = []
        for number, (day, talks) in enumerate(self.days, start=1):
            body += [PageBreak(), *self.day(day, number, talks)]
        if not self.options.toc:
            return story + body
        return [*story, PageBreak(), *self.contents(body), *body, PageNumberForms(self.pages)]

    # -- cover and contents --------------------------------------------------------

    def cover(self) -> list[Flowable]:
        conference, sheet = self.conference, self.sheet
        title = Paragraph(escape(conference.title), sheet["cover_title"])
        title.mark = Mark(key="cover", title=conference.title, outline_level=0)
        story: list[Flowable] = [Spacer(1, 60), title]
        if conference.subtitle:
            story.append(Paragraph(escape(conference.subtitle), sheet["cover_subtitle"]))
        else:
            story.append(Spacer(1, 20))
        story.append(HRFlowable(width="100%", thickness=1.2, color=sheet.color("accent"),
                                spaceBefore=0, spaceAfter=16))  # fmt: skip
        for label, value in self.cover_facts():
            story.append(Paragraph(f'<font name="{SANS}-Bold" size="7.5" color="#6b7280">'
                                   f"{label.upper()}</font>", sheet["cover_label"]))  # fmt: skip
            story.append(Paragraph(value, sheet["cover_fact"]))
            story.append(Spacer(1, 10))
        if conference.notes.strip():
            self.images.where = Where(path=self.source, line=1)
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
        sessions = sum(len(talks) for _, talks in self.days)
        days = len(self.days)
        facts.append(
            (
                "Sessions",
                f"{sessions} session{'s' * (sessions != 1)} over {days} day{'s' * (days != 1)}",
            )
        )
        if conference.authors:
            facts.append(("Notes by", escape(", ".join(conference.authors))))
        return facts

    def contents(self, body: list[Flowable]) -> list[Flowable]:
        levels = [self.sheet["toc_day"], self.sheet["toc_talk"]]
        story: list[Flowable] = [Paragraph("Contents", self.sheet["contents_title"])]
        for flowable in body:
            mark: Mark | None = getattr(flowable, "mark", None)
            if mark is None or mark.toc_level is None:
                continue
            level = mark.toc_level
            line = ContentsLine(mark.toc_text, mark.key, levels[level], self.pages, dots=level > 0)
            line.keepWithNext = level == 0
            story.append(line)
        return story

    def link(self, url: str) -> str:
        if not SAFE_LINK.match(url):
            return escape(url)
        return f'<a href="{attribute(url)}" color="{self.accent}">{escape(url)}</a>'

    # -- days and sessions ---------------------------------------------------------

    def day(self, day: Day, number: int, talks: list[Talk]) -> list[Flowable]:
        title = day.title.strip() or f"Day {number}"
        heading = Paragraph(escape(title), self.sheet["day_heading"])
        heading.mark = Mark(
            key=f"day-{number}", title=title, outline_level=1, toc_level=0, toc_text=escape(title)
        )
        count = f"{len(talks)} session{'s' * (len(talks) != 1)}"
        when = f"{long_date(day.date)} · {count}" if day.date else count
        story: list[Flowable] = [heading, Paragraph(escape(when), self.sheet["day_date"])]
        if day.notes.strip():
            self.images.where = Where(path=self.source, line=0)
            story += self.markdown.render(day.notes, self.width)
        for index, talk in enumerate(talks):
            story += self.talk(talk, day, f"day-{number}-talk-{index + 1}", first=index == 0)
        return story

    def talk(self, talk: Talk, day: Day, key: str, *, first: bool) -> list[Flowable]:
        sheet = self.sheet
        line = talk.source.line if talk.source else 0
        self.images.where = Where(path=self.source, line=line, images=talk.images)
        self.check_glyphs(talk, line)
        story: list[Flowable] = []
        if not first:
            story += [CondPageBreak(120), Spacer(1, 10),
                      HRFlowable(width="100%", thickness=0.5, color=sheet.color("rule"),
                                 spaceBefore=0, spaceAfter=12)]  # fmt: skip
        title = Paragraph(escape(talk.title), sheet["talk_title"])
        speakers = f' <font color="#6b7280">· {escape(", ".join(talk.speakers))}</font>'
        title.mark = Mark(
            key=key,
            title=talk.title,
            outline_level=2,
            toc_level=1,
            toc_text=escape(talk.title) + (speakers if talk.speakers else ""),
        )
        heading: list[Flowable] = [title]
        if talk.speakers:
            heading.append(Paragraph(escape(", ".join(talk.speakers)), sheet["talk_speakers"]))
        heading.append(Paragraph(self.meta_line(talk, day), sheet["talk_meta"]))
        if talk.url:
            heading.append(Paragraph(self.link(talk.url), sheet["talk_meta"]))
        for flowable in heading:
            flowable.keepWithNext = True
        story += heading
        story.append(Spacer(1, 6))
        if talk.abstract.strip() and self.options.abstracts:
            story.append(self.abstract(talk.abstract))
        if talk.notes.strip():
            story += self.markdown.render(talk.notes, self.width)
        elif not (talk.abstract.strip() and self.options.abstracts):
            story.append(Paragraph("No notes for this session.", sheet["empty"]))
        return story

    def meta_line(self, talk: Talk, day: Day) -> str:
        parts = [KIND_LABELS.get(talk.kind, talk.kind.capitalize())]
        date = talk.start.date() if talk.start else day.date
        if date:
            parts.append(long_date(date))
        if talk.start:
            time = f"{talk.start:%H:%M}"
            if talk.end:
                time += f"–{talk.end:%H:%M}"
            zone = talk.start.tzname()
            parts.append(f"{time} {zone}" if zone else time)
        if talk.room:
            parts.append(talk.room)
        if talk.track:
            parts.append(f"Track: {talk.track}")
        line = " · ".join(escape(part) for part in parts)
        if not talk.attended:
            warning = self.sheet.color("warning").hexval().replace("0x", "#")
            line += f' · <font color="{warning}" name="{SANS}-Bold">NOT ATTENDED</font>'
        return line

    def abstract(self, text: str) -> Flowable:
        sheet = self.sheet
        inner_width = self.width - 24
        content: list[Flowable] = [Paragraph("ABSTRACT", sheet["abstract_label"])]
        content += self.markdown.render(text, inner_width, style="abstract")
        box = Box(
            left=14, right=10, top=8, bottom=7,
            fill=sheet.color("abstract_fill"), bar=sheet.color("abstract_bar"), bar_width=3,
        )  # fmt: skip
        return Inset(content, box, space_before=2, space_after=12)

    def check_glyphs(self, talk: Talk, line: int) -> None:
        text = " ".join((talk.title, *talk.speakers, talk.abstract, talk.notes))
        missing = missing_glyphs(text)
        if missing:
            log.warning(
                "%s:%d: the embedded fonts have no glyph for %s; they print as boxes",
                self.source, line, " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:12]),
            )  # fmt: skip


def long_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def date_range(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return f"{date_label(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{date_label(start)} – {date_label(end)}"


def date_label(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"
