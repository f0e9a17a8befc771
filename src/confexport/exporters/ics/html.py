"""The HTML description beside the plain one (``-O html-description=true``).

Outlook and Thunderbird show ``X-ALT-DESC;FMTTYPE=text/html`` in place of the plain
``DESCRIPTION`` (which every app still gets).  The prose is rendered by the shared
:func:`confexport.xhtml.to_xhtml`, so it is sanitised and raw HTML in the notes stays
text; no image is shown (an app would fetch it): a remote one becomes a link, a local
one a placeholder.  The value is escaped as iCalendar TEXT like any description.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from icalendar import Event, vText

from confexport.exporters.ics.text import clean
from confexport.model import Talk
from confexport.xhtml import to_xhtml


def session_html(talk: Talk, url: str | None) -> str:
    """The abstract, then the person's notes, then the talk's page, as an HTML
    document; "" when there is nothing to say."""
    parts: list[str] = []
    if not talk.attended:
        parts.append("<p><em>(not attended)</em></p>")
    if abstract := _prose(talk.abstract):
        parts.append(abstract)
    if notes := _prose(talk.notes):
        parts.append(f"<p><strong>My notes:</strong></p>\n{notes}")
    if url:
        link = html.escape(url)
        parts.append(f'<p><a href="{link}">{link}</a></p>')
    return _document(parts)


def list_html(lines: Sequence[str]) -> str:
    """``lines`` (plain text) as a bulleted list, as an HTML document."""
    items = "".join(f"<li>{html.escape(line)}</li>\n" for line in lines)
    return _document([f"<ul>\n{items}</ul>"]) if lines else ""


def add_html_description(event: Event, document: str) -> None:
    """``X-ALT-DESC;FMTTYPE=text/html``, escaped as TEXT (an X- property is written
    as given otherwise, so a line break or a ``;`` in it would break the event)."""
    if document:
        event["X-ALT-DESC"] = vText(document, params={"FMTTYPE": "text/html"})


def _prose(markdown: str) -> str:
    return to_xhtml(markdown, _no_image).strip() if markdown.strip() else ""


def _no_image(src: str) -> None:
    """Every image unplaced: a calendar app would load it from wherever it points."""
    return None


def _document(parts: Sequence[str]) -> str:
    if not parts:
        return ""
    return clean("<html><body>\n" + "\n".join(parts) + "\n</body></html>")
