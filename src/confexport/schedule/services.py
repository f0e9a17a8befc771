"""Where each schedule service publishes the export ``schedule fetch`` downloads.

- pretalx: ``<event page>/schedule/export/schedule.json`` (the event page is
  ``https://<host>[/<path>]/<event>/``; a ``…/schedule/`` or ``…/talk/<CODE>/`` page
  of it names it too).
- Sessionize: ``https://sessionize.com/api/v2/<API id>/view/All`` ("All data"), from
  the API id the organisers publish (``jl4ktls0``) or any ``…/api/v2/<id>/…`` URL.
- Indico: ``https://<host>[/<path>]/export/event/<ID>.json?detail=contributions``
  from any page of the event (``…/event/<ID>/…``).
- A URL that already names an export (``/export/``, or a path ending in ``.json``,
  ``.xml``, ``.ics`` or ``.csv``) is taken as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from confexport.schedule.types import ScheduleError

_SESSIONIZE_ID = re.compile(r"[a-z0-9]{6,12}")
_SESSIONIZE_API = re.compile(r"^/api/v2/(?P<id>[a-z0-9]{6,12})(?:/|$)")
_INDICO_EVENT = re.compile(r"^(?P<base>(?:/[^/]+)*?)/event/(?P<id>\d+)(?:/|$)")
_PRETALX_PAGE = re.compile(r"/(?:schedule|talk|speaker|cfp|sneak)(?:/.*)?$")
_EXPORT_PATH = re.compile(r"/export/|\.(?:json|xml|ics|csv)$", re.I)


@dataclass(frozen=True, slots=True)
class Export:
    """The URL of a schedule export and the service it belongs to."""

    url: str
    service: str


def export_of(given: str) -> Export:
    """The export URL for an event URL or a Sessionize API id."""
    given = given.strip()
    if _SESSIONIZE_ID.fullmatch(given):
        return Export(_sessionize(given), "Sessionize")
    parts = urlsplit(given)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ScheduleError(
            "give an event URL (https://…) of pretalx or Indico, a Sessionize API id, "
            "or the URL of a schedule export",
            given,
        )
    path = parts.path.rstrip("/")
    if parts.hostname.lower().endswith("sessionize.com"):
        api = _SESSIONIZE_API.match(parts.path)
        if api is None:
            raise ScheduleError(
                "a Sessionize event page does not name its API id; give the id from the "
                "event's API/Embed page (https://sessionize.com/api/v2/<id>/…)",
                given,
            )
        return Export(_sessionize(api.group("id")), "Sessionize")
    if _EXPORT_PATH.search(path):
        return Export(given, "export")
    indico = _INDICO_EVENT.match(path)
    if indico is not None:
        query = "detail=contributions"
        export_path = f"{indico.group('base')}/export/event/{indico.group('id')}.json"
        return Export(_url(parts.scheme, parts.netloc, export_path, query), "Indico")
    event = _PRETALX_PAGE.sub("", path)
    if not event:
        raise ScheduleError("the URL names no event (https://<host>/<event>/)", given)
    export_path = f"{event}/schedule/export/schedule.json"
    return Export(_url(parts.scheme, parts.netloc, export_path, ""), "pretalx")


def _sessionize(api_id: str) -> str:
    return f"https://sessionize.com/api/v2/{api_id}/view/All"


def _url(scheme: str, netloc: str, path: str, query: str) -> str:
    return urlunsplit((scheme, netloc, path, query, ""))
