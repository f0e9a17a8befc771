"""The EPUB's pages: cover, title page, contents, days and sessions, as XHTML documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from confexport.dates import date_range, long_date, time_range
from confexport.exporters.epub.book import TocEntry
from confexport.exporters.epub.content import ImageShelf, prose, safe_id, xml_text
from confexport.exporters.epub.templates import render
from confexport.model import Conference, Day, Talk
from confexport.policy import session_facts


@dataclass(frozen=True, slots=True)
class Page:
    """One XHTML document of the book, in reading order, rendered when it is packaged
    (so that its images have been prepared meanwhile)."""

    id: str
    file_name: str
    title: str
    template: str
    context: dict[str, Any]

    def render(self, templates: str | Path | None = None) -> bytes:
        return render(self.template, templates, **self.context)


def link_label(url: str, prefix: str) -> str:
    host = urlsplit(url).hostname or url
    return f"{prefix} on {host.removeprefix('www.')}"


def conference_facts(conference: Conference) -> list[str]:
    """Dates and place of a conference, as shown under its title."""
    c = conference
    return [xml_text(t) for t in (date_range(c.start, c.end), c.location or "") if t]


class PageMaker:
    """Makes the pages of one conference; ``prefix`` keeps names unique in a combined book."""

    def __init__(
        self, conference: Conference, language: str, shelf: ImageShelf, prefix: str = ""
    ) -> None:
        self.conference = conference
        self.language = language
        self.shelf = shelf
        self.prefix = prefix

    def _page(
        self, page_id: str, file_name: str, title: str, template: str, /, **context: Any
    ) -> Page:
        context.update(language=self.language, page_title=xml_text(title))
        return Page(page_id, file_name, title, template, context)

    def _prose(self, text: str, level: int) -> Any:
        return prose(text, self.shelf, self.conference, level)

    def session_file(self, talk: Talk) -> str:
        return f"{self.prefix}session-{safe_id(talk.uid)}.xhtml"

    def session_anchor(self, talk: Talk) -> str:
        return f"{self.prefix}s-{safe_id(talk.uid)}"

    def day_file(self, number: int) -> str:
        return f"{self.prefix}day-{number}.xhtml"

    def title_file(self) -> str:
        return f"{self.prefix}title.xhtml"

    def cover(self, cover_href: str, title: str, subtitle: str) -> Page:
        alt = f"Cover: {title}" + (f", {subtitle}" if subtitle else "")
        return self._page(
            "cover", "cover.xhtml", "Cover", "cover.xhtml",
            cover_href=cover_href, cover_alt=xml_text(alt),
        )  # fmt: skip

    def title_page(self, *, part: int = 0) -> Page:
        """The conference's title page; in a combined book, the opening of part ``part``."""
        c = self.conference
        return self._page(
            f"{self.prefix}title-page" if part else "title-page",
            self.title_file(),
            c.title,
            "title.xhtml",
            eyebrow=f"Part {part}" if part else "Conference notes",
            part=bool(part),
            title=xml_text(c.title),
            subtitle=xml_text(c.subtitle),
            facts=conference_facts(c),
            url=c.url or "",
            url_label=link_label(c.url, "Conference website") if c.url else "",
            authors=xml_text(", ".join(c.authors)),
            preface=self._prose(c.notes, 1),
            conferences=[],
        )

    def contents(self, toc: Sequence[TocEntry], landmarks: Sequence[dict[str, str]]) -> Page:
        return self._page("nav", "nav.xhtml", "Contents", "nav.xhtml", toc=toc, landmarks=landmarks)

    def session_context(self, talk: Talk, day: Day, level: int) -> dict[str, Any]:
        # In a day chapter the day's heading already names the day.
        meta = session_facts(talk, day)
        when = "" if level > 1 else meta.long_date or day.title
        facts = [when, meta.time, meta.room]
        return {
            "anchor": self.session_anchor(talk),
            "title": xml_text(talk.title),
            "kind": meta.kind,
            "facts": [xml_text(fact) for fact in facts if fact],
            "speakers": xml_text(meta.speakers),
            "url": talk.url or "",
            "url_label": link_label(talk.url, "Session page") if talk.url else "",
            "attended": meta.attended,
            "abstract": self._prose(talk.abstract, level),
            "notes": self._prose(talk.notes, level),
        }

    def session_page(self, talk: Talk, day: Day) -> Page:
        context = self.session_context(talk, day, 1)
        return self._page(
            self.session_anchor(talk), self.session_file(talk), talk.title, "session.xhtml",
            s=context,
        )  # fmt: skip

    def day_page(self, number: int, day: Day, *, with_sessions: bool) -> Page:
        entries = [
            {
                "href": self.session_file(talk),
                "title": xml_text(talk.title),
                "time": time_range(talk.start, talk.end),
            }
            for talk in day.talks
        ]
        sessions = (
            [self.session_context(talk, day, 2) for talk in day.talks] if with_sessions else []
        )
        context = {
            "anchor": f"{self.prefix}day-{number}",
            "title": xml_text(day.title),
            "date": long_date(day.date) if day.date else "",
            "notes": self._prose(day.notes, 1),
            "entries": entries,
        }
        return self._page(
            f"{self.prefix}day-{number}", self.day_file(number), day.title, "day.xhtml",
            day=context, sessions=sessions,
        )  # fmt: skip


def reading_order(maker: PageMaker, *, chapter: str) -> tuple[list[Page], list[TocEntry]]:
    """Day and session pages in reading order, and the contents grouped Day → Session."""
    pages: list[Page] = []
    toc: list[TocEntry] = []
    per_day = chapter == "day"
    for number, day in enumerate(maker.conference.days, start=1):
        pages.append(maker.day_page(number, day, with_sessions=per_day))
        children = []
        for talk in day.talks:
            anchor = maker.session_anchor(talk)
            if per_day:
                href = f"{maker.day_file(number)}#{anchor}"
            else:
                href = maker.session_file(talk)
                pages.append(maker.session_page(talk, day))
            children.append(TocEntry(href, xml_text(talk.title), id=f"toc-{anchor}"))
        day_id = f"toc-{maker.prefix}day-{number}"
        toc.append(TocEntry(maker.day_file(number), xml_text(day.title), tuple(children), day_id))
    return pages, toc
