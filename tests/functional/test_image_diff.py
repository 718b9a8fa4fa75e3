"""Pillow comparison of two screenshots: changed pixels counted with a per-channel tolerance,
different sizes laid on one canvas, a diff image that highlights the change."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw

from scans.functional.imagediff import CHANNEL_TOLERANCE, HIGHLIGHT, compare_images


def png(size=(200, 100), color=(255, 255, 255), box=None, box_color=(0, 0, 0), mode="RGB"):
    image = Image.new(mode, size, color if mode == "RGB" else (*color, 255))
    if box:
        ImageDraw.Draw(image).rectangle(box, fill=box_color if mode == "RGB" else (*box_color, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_identical_images_have_no_changed_pixel_and_no_diff_image():
    diff = compare_images(png(box=(10, 10, 20, 20)), png(box=(10, 10, 20, 20)))
    assert diff.diff_pixels == 0
    assert diff.diff_percent == 0.0
    assert diff.diff_png == b""
    assert not diff.size_changed


def test_changed_block_is_counted_pixel_for_pixel():
    diff = compare_images(png(), png(box=(10, 10, 19, 19)))
    assert diff.diff_pixels == 100
    assert diff.total_pixels == 200 * 100
    assert diff.diff_percent == 0.5


def test_changes_within_the_channel_tolerance_are_not_counted():
    near = (255 - CHANNEL_TOLERANCE, 255, 255)
    far = (255 - CHANNEL_TOLERANCE - 1, 255, 255)
    assert compare_images(png(), png(color=near)).diff_pixels == 0
    assert compare_images(png(), png(color=far)).diff_pixels == 200 * 100


def test_different_sizes_count_the_uncovered_area_as_changed():
    diff = compare_images(png(size=(200, 100)), png(size=(200, 150)))
    assert diff.size_changed
    assert diff.before_size == (200, 100) and diff.after_size == (200, 150)
    assert diff.total_pixels == 200 * 150
    assert diff.diff_pixels == 200 * 50


def test_narrower_and_taller_image_is_laid_on_the_larger_canvas():
    diff = compare_images(png(size=(300, 100)), png(size=(200, 120)))
    assert diff.total_pixels == 300 * 120
    assert diff.diff_pixels == 300 * 120 - 200 * 100


def test_diff_image_highlights_changed_pixels_over_a_dimmed_after_image():
    diff = compare_images(png(box=(0, 0, 9, 9), box_color=(0, 0, 0)), png(box=(50, 50, 59, 59), box_color=(0, 0, 0)))
    with Image.open(io.BytesIO(diff.diff_png)) as image:
        image = image.convert("RGB")
        assert image.size == (200, 100)
        assert image.getpixel((5, 5)) == HIGHLIGHT
        assert image.getpixel((55, 55)) == HIGHLIGHT
        unchanged = image.getpixel((150, 20))
        assert unchanged != HIGHLIGHT and unchanged[0] == unchanged[1] == unchanged[2]


def test_transparent_png_is_compared_on_white():
    diff = compare_images(png(mode="RGBA"), png())
    assert diff.diff_pixels == 0
