"""Draw the stand-in pictures that pycascades-2022.md references.

The original screenshots are not ours to ship, so each file is a plain drawing with
an honest caption.  One is as large as a 4K screen capture (3840 × 2016), so the
exporters' downscaling is exercised by the sample.  Run: python pictures/make_stand_ins.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "templates" / "fonts" / "DejaVuSans.ttf"
BOLD = HERE.parent / "templates" / "fonts" / "DejaVuSans-Bold.ttf"

PICTURES = {
    "technical_difficulties.png": ((1600, 900), "Technical Difficulties", "#3b4a6b"),
    "parallelism_is_not_concurrency.png": (
        (3840, 2016),
        "Parallelism is not concurrency",
        "#28536b",
    ),
    "api_elements_principles.png": ((1920, 1080), "API Principles", "#4b3b6b"),
    "api_contracts.png": ((1280, 720), "API Contracts", "#6b4b3b"),
}


def draw(size: tuple[int, int], title: str, colour: str) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, colour)
    pen = ImageDraw.Draw(image)
    margin = width // 16
    pen.rectangle(
        [margin, margin, width - margin, height - margin],
        outline="#ffffff",
        width=max(2, width // 400),
    )
    big = ImageFont.truetype(str(BOLD), size=width // 18)
    small = ImageFont.truetype(str(FONT), size=width // 48)
    pen.text((width / 2, height * 0.42), title, font=big, fill="#ffffff", anchor="mm")
    caption = "Stand-in for a slide photo from the talk (drawn by confexport)"
    pen.text((width / 2, height * 0.62), caption, font=small, fill="#dde4ee", anchor="mm")
    return image


def main() -> None:
    for name, (size, title, colour) in PICTURES.items():
        draw(size, title, colour).save(HERE / name, optimize=True)
        print(f"wrote pictures/{name}")


if __name__ == "__main__":
    main()
