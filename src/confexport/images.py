"""The image catalog: each image the notes reference located, checked and prepared once.

One build holds one :class:`ImageCatalogs` (the export context's ``images``); it keeps
an :class:`ImageCatalog` per notes folder (with its resource paths), shared by every
format the process exports.  A catalog locates each ``src`` once (inside the notes
folder only, :func:`confexport.media.find_image`), reads each file's size once from
its header (:func:`header_size`, so a format can choose the size it prepares before
any pixel is decoded) and prepares each (file, size) once
(:func:`confexport.media.prepare_image`), a decode failure included.  The reader's image
check locates through the build's catalogs (``ReadingOptions.images``), so the exports
find each image located already.  Sent to a worker process, the catalogs arrive as that
worker's one copy of the build's catalogs, with what was located so far, so the formats
a worker exports share it too.

Each format places what the catalog gives its own way; an image it cannot show is a
:func:`placeholder` (one wording for every format) and a warning through
:class:`ImageUse`, once per file:line of the notes, in the same words for every format
(the build folds them into one line naming the formats).
"""

from __future__ import annotations

import itertools
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from confexport import media
from confexport.model import Conference, all_images

_TOKENS = itertools.count(1)
#: EXIF orientations that turn an image a quarter: its width and height swap.
_QUARTER_TURNS = frozenset((5, 6, 7, 8))
_ORIENTATION = 0x0112
#: The build's catalogs as this (worker) process received them, by token.
_RECEIVED: dict[str, ImageCatalogs] = {}


def placeholder(src: str, alt: str = "", *, remote: bool = False) -> str:
    """What every format shows for an image it cannot show: its description and path.
    A ``remote`` image (never fetched) says so; a format may link it to its address."""
    alt = " ".join(alt.split())
    what = "remote image, not fetched" if remote else "image not available"
    return f"[{what}: {alt} ({src})]" if alt else f"[{what}: {src}]"


def warning(src: str, problem: str) -> str:
    """The warning for an image that cannot be shown (after ``file:line:``)."""
    return f"image {src} {problem}"


@dataclass(frozen=True, slots=True)
class Lookup:
    """An image as the catalog has it at one size: prepared, or why not."""

    located: media.Located
    prepared: media.PreparedImage | None = None
    problem: str | None = None

    @property
    def remote(self) -> bool:
        return self.located.remote


class ImageCatalog:
    """The images of one notes folder (and its resource paths): located and prepared once."""

    def __init__(
        self,
        base_dir: Path,
        resource_paths: tuple[Path, ...] = (),
        *,
        located: dict[str, media.Located] | None = None,
    ) -> None:
        self.base_dir = base_dir
        self.resource_paths = resource_paths
        self._located: dict[str, media.Located] = dict(located or {})
        self._prepared: dict[tuple[Path, int], media.PreparedImage | media.ImageError] = {}
        self._sizes: dict[Path, tuple[int, int] | None] = {}
        self._lock = threading.Lock()  # the EPUB and the PDF prepare on worker threads

    def locate(self, src: str) -> media.Located:
        """Where ``src`` leads, looked up once."""
        if src not in self._located:
            self._located[src] = media.locate_image(src, self.base_dir, self.resource_paths)
        return self._located[src]

    def located(self) -> dict[str, media.Located]:
        """Every ``src`` located so far."""
        return dict(self._located)

    def size(self, path: Path) -> tuple[int, int] | None:
        """``path``'s width and height as it shows, read once (:func:`header_size`)."""
        if path not in self._sizes:
            self._sizes[path] = header_size(path)
        return self._sizes[path]

    def prepare(self, path: Path, max_side: int) -> media.PreparedImage:
        """``path`` fit in ``max_side`` px, made once; raises :class:`media.ImageError`."""
        key = (path, max_side)
        with self._lock:
            if key not in self._prepared:
                try:
                    self._prepared[key] = media.prepare_image(path, max_side)
                except media.ImageError as exc:
                    self._prepared[key] = exc
            found = self._prepared[key]
        if isinstance(found, media.ImageError):
            raise found
        return found

    def lookup(self, src: str, max_side: int) -> Lookup:
        """``src`` located and prepared at ``max_side``, or the problem that prevents it."""
        located = self.locate(src)
        if located.path is None:
            return Lookup(located, problem=located.problem or "not found")
        try:
            return Lookup(located, self.prepare(located.path, max_side))
        except media.ImageError as exc:
            return Lookup(located, problem=str(exc))


def header_size(path: Path) -> tuple[int, int] | None:
    """The width and height of the image at ``path`` as it shows (turned as its EXIF
    orientation says), read from its header without decoding its pixels; None when no
    header can be read (then it would not decode either).

    A PNG's EXIF written after its pixels is not seen (Pillow would decode the file to
    find it): such an image is sized as if it were not turned."""
    from PIL import Image

    try:
        with Image.open(path) as opened:
            width, height = opened.size
            # The base class reads the EXIF the header holds (and XMP's orientation);
            # PNG's own method would decode the whole file to look further.
            orientation = Image.Image.getexif(opened).get(_ORIENTATION, 1)
    except Exception:  # Pillow raises many types for broken files
        return None
    return (height, width) if orientation in _QUARTER_TURNS else (width, height)


class ImageCatalogs:
    """One build's catalogs, a catalog per notes folder; pickled as a token, so a worker
    process keeps one copy for every export it runs."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or f"{os.getpid()}-{next(_TOKENS)}"
        self._catalogs: dict[tuple[Path, tuple[Path, ...]], ImageCatalog] = {}

    def of(self, conference: Conference) -> ImageCatalog:
        """The catalog of ``conference``'s notes folder and resource paths."""
        key = (conference.base_dir, tuple(conference.resource_paths))
        if key not in self._catalogs:
            self._catalogs[key] = ImageCatalog(*key)
        return self._catalogs[key]

    def located(self) -> LocatedByFolder:
        """What each catalog has located so far (the reader's image check, say)."""
        return {key: catalog.located() for key, catalog in self._catalogs.items()}

    def __reduce__(self) -> tuple[object, tuple[str, LocatedByFolder]]:
        return (_received, (self.token, self.located()))


#: What catalogs have located, by notes folder (and resource paths), then by ``src``.
LocatedByFolder = dict[tuple[Path, tuple[Path, ...]], dict[str, media.Located]]


def _received(token: str, located: LocatedByFolder) -> ImageCatalogs:
    """This process's copy of the catalogs ``token`` names (made on first arrival, with
    what the sending process had located, so that nothing is looked up twice)."""
    if token not in _RECEIVED:
        catalogs = ImageCatalogs(token)
        for key, found in located.items():
            catalogs._catalogs[key] = ImageCatalog(*key, located=found)
        _RECEIVED[token] = catalogs
    return _RECEIVED[token]


class Services(Protocol):
    """What :class:`ImageUse` needs of the export context."""

    @property
    def images(self) -> ImageCatalogs: ...

    def warn(self, location: object, message: str) -> None: ...


class ImageUse:
    """One export's use of a conference's catalog: it warns once per file:line (through
    ``context.warn``) for each image the export cannot show."""

    def __init__(self, context: Services, conference: Conference) -> None:
        self.context = context
        self.conference = conference
        self.catalog = context.images.of(conference)
        self._warned: set[tuple[str, str]] = set()

    def lookup(self, src: str, max_side: int) -> Lookup:
        """The catalog's :meth:`~ImageCatalog.lookup`; an image it cannot give warns."""
        found = self.catalog.lookup(src, max_side)
        if found.problem is not None:
            self.warn(src, found.problem)
        return found

    def locate(self, src: str) -> media.Located:
        """The catalog's :meth:`~ImageCatalog.locate`; an image not found (or remote)
        warns."""
        located = self.catalog.locate(src)
        if located.path is None:
            self.warn(src, located.problem or "not found")
        return located

    def warn(self, src: str, problem: str) -> None:
        """Warn that ``src`` cannot be shown, at each place the notes write it, once."""
        for place in places(self.conference, src):
            if (place, src) not in self._warned:
                self._warned.add((place, src))
                self.context.warn(place, warning(src, problem))


def places(conference: Conference, src: str) -> list[str]:
    """Every ``file:line`` of the notes that writes the image ``src`` (the notes file
    when the model has no line for it)."""
    notes = str(conference.source) if conference.source else conference.stem
    found = [
        f"{image.path or notes}:{image.line}" if image.line else image.path or notes
        for image in all_images(conference)
        if image.src == src
    ]
    return list(dict.fromkeys(found)) or [notes]
