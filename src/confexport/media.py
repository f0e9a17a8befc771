"""Finding images the notes reference, inside the notes folder and nowhere else.

Remote images are never fetched: exporters keep them as links.  A path that leaves
the notes folder (``..``, an absolute path, a symlink pointing out) is refused.  A
path that leads nowhere is looked up by file name inside the folder's tree, as
Obsidian does (:mod:`confexport.vault`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from confexport import vault

if TYPE_CHECKING:
    from confexport.model import Conference

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Located:
    """Where an image reference leads: a file, or why there is none."""

    path: Path | None
    problem: str | None = None
    remote: bool = False


def is_remote(src: str) -> bool:
    return bool(_SCHEME.match(src)) and not src.lower().startswith("file:")


def locate_image(src: str, base_dir: Path, resource_paths: Sequence[Path] = ()) -> Located:
    """Resolve ``src`` inside ``base_dir`` (or one of ``resource_paths``)."""
    if is_remote(src):
        return Located(None, "is a remote image; kept as a link, never fetched", remote=True)
    if not src.strip():
        return Located(None, "has an empty path")
    if src.lower().startswith("file:") or Path(src).is_absolute() or src.startswith("\\"):
        return Located(None, "is an absolute path; only files inside the notes folder are used")
    relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
    missing = True
    roots = [root.resolve() for root in (base_dir, *resource_paths)]
    for root in roots:
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root):
            return Located(None, "is outside the notes folder; not embedded")
        if candidate.is_file():
            return Located(candidate)
        missing = missing and not candidate.exists()
    if not missing:
        return Located(None, "is not a file")
    # As Obsidian does: the file of that name (and trailing folders) anywhere inside.
    for root in roots:
        if (found := vault.find_by_name(relative, root)) is not None:
            return Located(found)
    if any(vault.index(root).partial for root in roots):
        return Located(None, f"not found (only the first {vault.MAX_ENTRIES:,} files searched)")
    return Located(None, "not found")


def find_image(conference: Conference, src: str) -> Located:
    """Resolve an image of ``conference``: its notes folder, then its resource paths."""
    return locate_image(src, conference.base_dir, conference.resource_paths)


@dataclass(frozen=True, slots=True)
class PreparedImage:
    """An image decoded once, downscaled, stripped of metadata and re-encoded."""

    data: bytes
    media_type: str  # "image/png" or "image/jpeg"
    width: int
    height: int

    @property
    def extension(self) -> str:
        return ".png" if self.media_type == "image/png" else ".jpg"


class ImageError(Exception):
    """An image file exists but cannot be decoded."""


#: Images larger than this many pixels are refused rather than decoded.
MAX_PIXELS = 80_000_000
#: Pillow's ``reducing_gap`` for shrinking: an image more than twice the wanted side is
#: first reduced by a whole factor (a JPEG while it decodes, others by averaging
#: blocks of pixels), then resampled with Lanczos.  A 3840 px screenshot shrinks to
#: 981 px in a third of the time of Lanczos from full size, and the two differ by
#: less than JPEG's own rounding does (42–54 dB PSNR on ``make bench``'s screenshots;
#: ``tests/test_media.py`` checks the result against a Lanczos shrink from full size).
SHRINK_GAP = 1.0


def prepare_image(path: Path, max_side: int) -> PreparedImage:
    """Decode ``path``, shrink it to fit ``max_side`` px, and re-encode it (the image
    catalog, :mod:`confexport.images`, keeps each result, so each is made once).

    Photos become JPEG and graphics PNG, whichever is smaller; orientation from EXIF
    is applied and every other piece of metadata dropped, so output is reproducible.
    """
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise ImageError(f"is {opened.width}×{opened.height} pixels; too large to decode")
            # Shrink before turning: a JPEG then decodes at a reduced scale, and no
            # full-size copy is made (the bounding box is square, so the order is free).
            # A grey image of more than 8 bits is scaled first: Pillow resamples
            # big-endian 16-bit values as if they were little-endian.
            shrunk = _eight_bits(opened)
            shrunk.thumbnail(
                (max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=SHRINK_GAP
            )
            image = ImageOps.exif_transpose(shrunk)
    except ImageError:
        raise
    except Exception as exc:  # Pillow raises many types for broken files
        raise ImageError(f"cannot be decoded as an image ({type(exc).__name__})") from None
    image = _without_opaque_alpha(image)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha:
        data, media_type = _encode(image, "PNG")
    else:
        data, media_type = _encode(image.convert("RGB") if image.mode != "L" else image, "JPEG")
        # A quick PNG decides; only a PNG that beats the JPEG is optimised.
        if len(_encode(image, "PNG", optimize=False)[0]) <= len(data):
            data, media_type = min(
                (_encode(image, "PNG"), (data, media_type)), key=lambda pair: len(pair[0])
            )
    return PreparedImage(data, media_type, image.width, image.height)


def _eight_bits(image: Any) -> Any:
    """A grey image of more than 8 bits (``I;16*``, ``I``, ``F``) as ``L``, its values
    scaled, not clipped: 16-bit values from 0–65535, floats from 0–1, and values
    outside those ranges from the image's own darkest to lightest."""
    if not (image.mode.startswith("I") or image.mode == "F"):
        return image
    image = image.convert("I") if image.mode.startswith("I;") else image
    low, high = image.getextrema()
    if image.mode == "F" and low >= 0 and high <= 1:
        low, high = 0, 1
    elif low >= 0 and high <= 65535:
        low, high = 0, 65535
    scale = 255 / (high - low) if high > low else 0
    return image.point(lambda value: value * scale - low * scale).convert("L")


def _without_opaque_alpha(image: Any) -> Any:
    """An RGBA or LA image that is opaque everywhere, as RGB or L (so it may be a JPEG)."""
    if image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema() == (255, 255):
        return image.convert(image.mode[:-1])
    return image


def _encode(image: Any, fmt: str, *, optimize: bool = True) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    if fmt == "PNG":
        image.save(buffer, "PNG", optimize=optimize)
        return buffer.getvalue(), "image/png"
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=False)
    return buffer.getvalue(), "image/jpeg"
