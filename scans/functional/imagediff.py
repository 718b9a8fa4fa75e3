"""Pixel comparison of two screenshots with Pillow: how many pixels changed, and a picture of where."""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops

CHANNEL_TOLERANCE = 8
"""A pixel counts as changed when one of its R, G, B values moved by more than this (of 255):
anti-aliasing and colour rounding stay below it, a real change does not."""
HIGHLIGHT = (255, 0, 64)
DIM = 0.35
"""The `after` image keeps this share of its contrast under the highlights in a diff image."""


@dataclass(frozen=True, slots=True)
class ImageDiff:
    """What changed between two screenshots of one page."""

    diff_pixels: int
    """Changed pixels, counting every pixel outside the overlap when the sizes differ."""
    total_pixels: int
    """Pixels of the canvas both images were laid on (the larger width × the larger height)."""
    size_changed: bool
    before_size: tuple[int, int]
    after_size: tuple[int, int]
    diff_png: bytes
    """The `after` image dimmed, changed pixels painted over it; empty when nothing changed."""

    @property
    def diff_percent(self) -> float:
        return 100.0 * self.diff_pixels / self.total_pixels if self.total_pixels else 0.0


def compare_images(before_png: bytes, after_png: bytes, *, tolerance: int = CHANNEL_TOLERANCE) -> ImageDiff:
    """Compare two PNGs laid top-left on one canvas; a region only one of them covers counts as changed."""
    before = _rgb(before_png)
    after = _rgb(after_png)
    width, height = max(before.width, after.width), max(before.height, after.height)
    overlap = (min(before.width, after.width), min(before.height, after.height))
    changed = Image.new("L", (width, height), 255)
    changed.paste(_changed_mask(before.crop((0, 0, *overlap)), after.crop((0, 0, *overlap)), tolerance), (0, 0))
    diff_pixels = changed.histogram()[255]
    return ImageDiff(
        diff_pixels=diff_pixels,
        total_pixels=width * height,
        size_changed=before.size != after.size,
        before_size=before.size,
        after_size=after.size,
        diff_png=_highlighted(after, changed) if diff_pixels else b"",
    )


def _rgb(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        if image.mode == "RGB":
            return image.copy()
        if "A" in image.getbands() or image.mode == "P":
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            return flat
        return image.convert("RGB")


def _changed_mask(before: Image.Image, after: Image.Image, tolerance: int) -> Image.Image:
    """255 where any channel differs by more than `tolerance`, 0 elsewhere."""
    difference = ImageChops.difference(before, after)
    over = [channel.point(lambda value: 255 if value > tolerance else 0) for channel in difference.split()]
    return ImageChops.lighter(ImageChops.lighter(over[0], over[1]), over[2])


def _highlighted(after: Image.Image, changed: Image.Image) -> bytes:
    canvas = Image.new("RGB", changed.size, (255, 255, 255))
    canvas.paste(after, (0, 0))
    dimmed = Image.blend(Image.new("RGB", canvas.size, (255, 255, 255)), canvas.convert("L").convert("RGB"), DIM)
    dimmed.paste(Image.new("RGB", canvas.size, HIGHLIGHT), mask=changed)
    out = io.BytesIO()
    dimmed.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
