"""Images of more than 8 bits a channel are scaled to 8 bits, not clipped.

Every format prepares its images with :func:`confexport.media.prepare_image`; a
16-bit grey PNG came out white (its values clipped at 255), a float TIFF black.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from confexport import media
from confexport.reader import read_notes
from tests.exporters.test_pdf import build

WIDTH, HEIGHT = 256, 8


def _gradient_16(order: str = "<") -> bytes:
    """Rows running from 0 on the left to 65535 on the right."""
    row = b"".join(struct.pack(f"{order}H", x * 257) for x in range(WIDTH))
    return row * HEIGHT


def _grey_16(mode: str = "I;16") -> Image.Image:
    return Image.frombytes(mode, (WIDTH, HEIGHT), _gradient_16(">" if mode == "I;16B" else "<"))


def _floats(low: float, high: float) -> Image.Image:
    step = (high - low) / 65535
    return _grey_16().convert("I").convert("F").point(lambda value: value * step + low)


#: File name → the high-depth gradient written to it (and the mode Pillow reads back).
GRADIENTS: dict[str, Callable[[], Image.Image]] = {
    "grey16.png": _grey_16,  # I;16
    "grey16.pgm": _grey_16,  # I
    "grey16.tiff": _grey_16,  # I;16
    "grey16-big-endian.tiff": lambda: _grey_16("I;16B"),
    "int32.tiff": lambda: _grey_16().convert("I"),
    "float-0-to-1.tiff": lambda: _floats(0.0, 1.0),
    "float-any-range.tiff": lambda: _floats(-40.0, 900.0),
}


def _assert_gradient(image: Image.Image) -> None:
    grey = image.convert("L")
    low, high = grey.getextrema()
    row = [grey.getpixel((x, grey.height // 2)) for x in (0, grey.width // 2, grey.width - 1)]
    assert high - low > 200, f"extrema {low}, {high}"
    assert row[0] < 20 and abs(row[1] - 128) < 16 and row[2] > 235, f"left, middle, right {row}"


@pytest.mark.parametrize("name", GRADIENTS)
def test_a_high_depth_image_keeps_its_gradient(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    GRADIENTS[name]().save(path)
    with Image.open(path) as written:
        assert written.mode in ("I;16", "I;16B", "I", "F")
    prepared = media.prepare_image(path, 128)
    with Image.open(io.BytesIO(prepared.data)) as decoded:
        assert decoded.mode in ("L", "RGB")
        _assert_gradient(decoded)


def test_a_16_bit_png_prints_its_gradient_in_the_pdf(
    tmp_path: Path, write_notes: Callable[..., Path]
) -> None:
    _grey_16().save(tmp_path / "grey16.png")
    pdf = build(read_notes(write_notes("## Talk\n\n![](grey16.png)\n")))
    images = [image for page in pypdf.PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(images) == 1
    _assert_gradient(images[0].image)
