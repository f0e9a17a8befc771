"""``confexport schedule fetch``: download a schedule export, the one command of
confexport that uses the network, and only when it is run (builds never do).

The download is bounded: https only (``--insecure`` allows plain http), a timeout on
each wait and on the whole transfer, at most :data:`MAX_DOWNLOAD_BYTES`, a
``User-Agent`` naming confexport and its version, and no redirect to another host
(refused, naming it) or from https to http.  What arrives must read as a schedule
before it is written, atomically, beside the notes or to ``-o FILE``.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from confexport import __version__
from confexport.errors import OptionsError
from confexport.output import write_atomically
from confexport.schedule.read import MAX_SCHEDULE_BYTES, parse_schedule
from confexport.schedule.services import Export, export_of
from confexport.schedule.types import ScheduleError

#: Seconds to wait for the server, each time and for the whole download.
DEFAULT_TIMEOUT = 30.0
#: The largest download kept: the size cap of a schedule file.
MAX_DOWNLOAD_BYTES = MAX_SCHEDULE_BYTES
USER_AGENT = f"confexport/{__version__} (schedule fetch; +https://pypi.org/project/confexport/)"
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
    """What ``schedule fetch`` wrote: the file, the export it came from, its sessions."""

    path: Path
    export: Export
    sessions: int


def fetch_schedule(
    given: str,
    notes: Path | None = None,
    output: Path | None = None,
    *,
    insecure: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> Fetched:
    """Download the schedule export ``given`` names and write it; see :mod:`.services`."""
    export = export_of(given)
    data = download(export.url, insecure=insecure, timeout=timeout)
    schedule = parse_schedule(data, export.url)  # what is not a schedule is not written
    path = output or default_path(notes, _suffix(data))
    write_atomically(path, data)
    return Fetched(path=path, export=export, sessions=len(schedule.sessions))


def fetch_command(
    given: str,
    notes: Path | None,
    output: Path | None,
    *,
    write_sidecar: bool = False,
    insecure: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """The command: fetch, say what was written, and name it in the sidecar if asked."""
    if write_sidecar and notes is None:
        raise OptionsError("--write-sidecar needs the NOTES whose sidecar names the schedule")
    fetched = fetch_schedule(given, notes, output, insecure=insecure, timeout=timeout)
    print(
        f"{fetched.path}: {fetched.sessions} session(s) from the {fetched.export.service} "
        f"export {fetched.export.url}"
    )
    if write_sidecar and notes is not None:
        from confexport.schedule.sidecar import sidecar_of, write_schedule_key

        sidecar, value = sidecar_of(notes), _inside_notes_folder(fetched.path, notes)
        changed = write_schedule_key(sidecar, value)
        print(f"{sidecar}: schedule: {value}" + ("" if changed else " (already there)"))


def _inside_notes_folder(path: Path, notes: Path) -> str:
    """``path`` relative to the notes folder: the ``schedule:`` key reads nothing else."""
    folder = (notes if notes.is_dir() else notes.parent).resolve()
    try:
        return path.resolve().relative_to(folder).as_posix()
    except ValueError:
        raise ScheduleError(
            f"--write-sidecar: {path} is outside the notes folder {folder}, where the "
            "schedule: key cannot reach it; write it there with -o",
            str(path),
        ) from None


def default_path(notes: Path | None, suffix: str) -> Path:
    """``<notes-stem>.schedule.json`` beside a notes file, ``schedule.json`` in a notes
    folder or, without notes, in the current folder."""
    if notes is None:
        return Path(f"schedule{suffix}")
    if notes.is_dir():
        return notes / f"schedule{suffix}"
    return notes.with_name(f"{notes.stem}.schedule{suffix}")


def _suffix(data: bytes) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:20]
    if head.startswith(b"<"):
        return ".xml"
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        return ".ics"
    return ".json"


def download(url: str, *, insecure: bool = False, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The body of ``url``, within the bounds above; any failure is one ScheduleError."""
    _check_scheme(url, url, insecure)
    opener = urllib.request.build_opener(_SameHostRedirects(insecure))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    host = urlsplit(url).hostname or url
    try:
        with opener.open(request, timeout=timeout) as response:
            if response.headers.get_content_type() == "text/html":
                raise ScheduleError(
                    "the server sent a web page, not a schedule export (is the event "
                    "public, and is this its URL?)",
                    url,
                )
            return _read_bounded(response, url, time.monotonic() + timeout, timeout)
    except urllib.error.HTTPError as exc:
        raise ScheduleError(f"the server answered {exc.code} {exc.reason}", url) from None
    except TimeoutError:
        raise ScheduleError(f"no answer from {host} within {timeout:g} s", url) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise ScheduleError(f"no answer from {host} within {timeout:g} s", url) from None
        raise ScheduleError(f"cannot download from {host}: {exc.reason}", url) from None
    except (http.client.HTTPException, OSError) as exc:
        raise ScheduleError(f"the download from {host} failed: {exc}", url) from None


def _read_bounded(response: IO[bytes], url: str, deadline: float, timeout: float) -> bytes:
    limit = MAX_DOWNLOAD_BYTES
    declared = response.headers.get("Content-Length")  # type: ignore[attr-defined]
    if declared and declared.isdigit() and int(declared) > limit:
        raise ScheduleError(_too_large(int(declared), limit), url)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):  # type: ignore[attr-defined]
        size += len(chunk)
        if size > limit:
            raise ScheduleError(_too_large(size, limit), url)
        if time.monotonic() > deadline:
            raise ScheduleError(f"the download took longer than {timeout:g} s", url)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> str:
    return f"the schedule is larger than {limit:,} bytes ({size:,} or more); not kept"


def _check_scheme(url: str, where: str, insecure: bool) -> None:
    scheme = urlsplit(url).scheme
    if scheme == "https" or (scheme == "http" and insecure):
        return
    if scheme == "http":
        raise ScheduleError("plain http is refused: use https, or --insecure to allow it", where)
    raise ScheduleError(f"only https URLs are fetched, not {scheme or 'this'}:", where)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect on the same host only; another host is refused, by name."""

    def __init__(self, insecure: bool) -> None:
        self.insecure = insecure

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        origin, target = urlsplit(req.full_url), urlsplit(newurl)
        if (target.hostname or "").lower() != (origin.hostname or "").lower():
            raise ScheduleError(
                f"redirected to another host, {target.netloc}; not followed (fetch {newurl} "
                "yourself if you trust it)",
                req.full_url,
            )
        _check_scheme(newurl, req.full_url, self.insecure)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
