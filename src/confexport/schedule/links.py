"""Session pages that name a session exactly, as the notes may link them.

A Sessionize session page ends in the session's number, whatever comes before it
(``https://sessionize.com/s/ada-lovelace/a-talk/123456``, ``…/session/123456``); an
Indico contribution page is ``https://<host>[/<path>]/event/<EVENT>/contributions/<ID>/``.
:func:`link_id` gives each one key that a schedule session of the same service
carries in :attr:`~.types.ScheduleSession.link_id`, so the merge pairs them before
comparing titles.  pretalx pages are matched by their code (:mod:`.merge`) instead.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SESSIONIZE_HOST = re.compile(r"^(?:[\w-]+\.)*sessionize\.com$", re.I)
_LAST_NUMBER = re.compile(r"/(?P<id>\d{2,})/?$")
_INDICO_CONTRIBUTION = re.compile(r"/event/(?P<event>\d+)/contributions/(?P<id>\d+)(?:/|$)")


def sessionize_id(session_id: object) -> str:
    """The key of a Sessionize session by its id in the "All data" JSON."""
    return f"sessionize:{session_id}"


def indico_id(host: str, event: object, contribution: object) -> str:
    """The key of an Indico contribution: its host, its event and its own id."""
    return f"indico:{host.lower()}/{event}/{contribution}"


def link_id(url: str | None) -> str | None:
    """The key of the session a link names, or None for any other link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if _SESSIONIZE_HOST.match(parts.hostname):
        number = _LAST_NUMBER.search(parts.path)
        return sessionize_id(number.group("id")) if number else None
    contribution = _INDICO_CONTRIBUTION.search(parts.path)
    if contribution:
        return indico_id(parts.hostname, contribution.group("event"), contribution.group("id"))
    return None
