"""The EPUB's pages: cover, title page, contents, days and sessions, as XHTML documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from confexport.exporters.epub_content import ImageShelf, prose, safe_id, xml_text
from confexport.exporters.epub_templates import render
from confexport.model import Conference, Day, Talk

KIND_LABELS = {
    "talk": "Talk",
    "keynote": "Keynote",
    "panel": "Panel",
    "lightning": "Lightning talk",
    "welcome": "Welcome",
    "closing": "Closing",
    "ama": "AMA",
    "booth": "Booth",
    "demo": "Demo",
    "break": "Break",
    "social": "Social",
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Page:
    """One XHTML document of the book, in reading order."""

    id: str
    file_name: str
    title: str
    content: bytes


@dataclass(frozen=True, slots=True)
class TocEntry:
    href: str
    title: str
    children: tuple[TocEntry, ...] = ()
    id: str = ""


def long_date(day: dt.date) -> str:
    """``Saturday 5 February 2022``, the same under every locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_range(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return long_date(start)
    return f"{long_date(start)} – {long_date(end)}"


def _time_range(talk: Talk) -> str:
    if talk.start is None:
        return ""
    text = f"{talk.start:%H:%M}"
    return f"{text}–{talk.end:%H:%M}" if talk.end is not None else text


def link_label(url: str, prefix: str) -> str:
    host = urlsplit(url).hostname or url
    return f"{prefix} on {host.removeprefix('www.')}"


def session_file(talk: Talk) -> str:
    return f"session-{safe_id(talk.uid)}.xhtml"


def day_file(number: int) -> str:
    return f"day-{number}.xhtml"


class PageMaker:
    """Renders every page of one book from the templates."""

    def __init__(self, conference: Conference, language: str, shelf: ImageShelf) -> None:
        self.conference = conference
        self.language = language
        self.shelf = shelf

    def _render(self, template: str, page_title: str, **context: Any) -> bytes:
        return render(template, language=self.language, page_title=xml_text(page_title), **context)

    def cover(self, cover_href: str) -> Page:
        alt = f"Cover: {self.conference.title}"
        if self.conference.subtitle:
            alt += f", {self.conference.subtitle}"
        content = self._render(
            "cover.xhtml", "Cover", cover_href=cover_href, cover_alt=xml_text(alt)
        )
        return Page("cover", "cover.xhtml", "Cover", content)

    def title_page(self) -> Page:
        c = self.conference
        facts = [text for text in (date_range(c.start, c.end), c.location or "") if text]
        content = self._render(
            "title.xhtml",
            c.title,
            title=xml_text(c.title),
            subtitle=xml_text(c.subtitle),
            facts=[xml_text(fact) for fact in facts],
            url=c.url or "",
            url_label=link_label(c.url, "Conference website") if c.url else "",
            authors=xml_text(", ".join(c.authors)),
            preface=Markup(prose(c.notes, self.shelf, 1)),
        )
        return Page("title-page", "title.xhtml", c.title, content)

    def contents(self, toc: Sequence[TocEntry], landmarks: Sequence[dict[str, str]]) -> Page:
        content = self._render("nav.xhtml", "Contents", toc=toc, landmarks=landmarks)
        return Page("nav", "nav.xhtml", "Contents", content)

    def session_context(self, talk: Talk, day: Day, level: int) -> dict[str, Any]:
        # In a day chapter the day's heading already names the day.
        when = "" if level > 1 else long_date(day.date) if day.date else day.title
        facts = [when, _time_range(talk), talk.room or ""]
        return {
            "anchor": f"s-{safe_id(talk.uid)}",
            "title": xml_text(talk.title),
            "kind": KIND_LABELS.get(talk.kind, talk.kind.title()),
            "facts": [xml_text(fact) for fact in facts if fact],
            "speakers": xml_text(", ".join(talk.speakers)),
            "url": talk.url or "",
            "url_label": link_label(talk.url, "Session page") if talk.url else "",
            "attended": talk.attended,
            "abstract": Markup(prose(talk.abstract, self.shelf, level)),
            "notes": Markup(prose(talk.notes, self.shelf, level)),
        }

    def session_page(self, talk: Talk, day: Day) -> Page:
        context = self.session_context(talk, day, 1)
        content = self._render("session.xhtml", talk.title, s=context)
        return Page(f"s-{safe_id(talk.uid)}", session_file(talk), talk.title, content)

    def day_page(self, number: int, day: Day, *, with_sessions: bool) -> Page:
        entries = [
            {"href": session_file(talk), "title": xml_text(talk.title), "time": _time_range(talk)}
            for talk in day.talks
        ]
        sessions = (
            [self.session_context(talk, day, 2) for talk in day.talks] if with_sessions else []
        )
        context = {
            "anchor": f"day-{number}",
            "title": xml_text(day.title),
            "date": long_date(day.date) if day.date else "",
            "notes": Markup(prose(day.notes, self.shelf, 1)),
            "entries": entries,
        }
        content = self._render("day.xhtml", day.title, day=context, sessions=sessions)
        return Page(f"day-{number}", day_file(number), day.title, content)


def reading_order(
    maker: PageMaker, days: Sequence[Day], *, chapter: str
) -> tuple[list[Page], list[TocEntry]]:
    """Day and session pages in reading order, and the contents grouped Day → Session."""
    pages: list[Page] = []
    toc: list[TocEntry] = []
    for number, day in enumerate(days, start=1):
        per_day = chapter == "day"
        pages.append(maker.day_page(number, day, with_sessions=per_day))
        children = []
        for talk in day.talks:
            anchor = f"s-{safe_id(talk.uid)}"
            if per_day:
                href = f"{day_file(number)}#{anchor}"
            else:
                href = session_file(talk)
                pages.append(maker.session_page(talk, day))
            children.append(TocEntry(href, xml_text(talk.title), id=f"toc-{anchor}"))
        toc.append(TocEntry(day_file(number), xml_text(day.title), tuple(children)))
    return pages, toc


def attended_only(conference: Conference) -> Conference:
    """The conference without the sessions marked not attended (and days left empty)."""
    days = []
    for day in conference.days:
        talks = tuple(talk for talk in day.talks if talk.attended)
        if talks:
            days.append(dataclasses.replace(day, talks=talks))
    return dataclasses.replace(conference, days=tuple(days))
