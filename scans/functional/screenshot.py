"""Stabilised full-page screenshots: no animation, transition or caret, fonts loaded, lazy content in."""
from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.async_api import TimeoutError as PlaywrightTimeout

from scans.functional.config import VIEWPORT_HEIGHT, VIEWPORT_WIDTH

if TYPE_CHECKING:
    from playwright.async_api import Page

MAX_HEIGHT = 12000
"""Pages taller than this are captured down to here: enough to compare, bounded in memory."""
SETTLE_MS = 150
SCROLL_PAUSE_MS = 60
LAZY_IDLE_MS = 2000
MASK_COLOR = "#FF00FF"
STABILISING_CSS = """
*, *::before, *::after {
  animation-duration: 0s !important; animation-delay: 0s !important; animation-iteration-count: 1 !important;
  transition: none !important; caret-color: transparent !important; scroll-behavior: auto !important;
}
"""
SCROLL_THROUGH = """async ({step, pause, maxHeight}) => {
  const height = () => Math.min(document.documentElement.scrollHeight, maxHeight);
  for (let y = step; y < height(); y += step) {
    window.scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  window.scrollTo(0, 0);
  return document.documentElement.scrollHeight;
}"""
VALID_SELECTORS = """(selectors) => selectors.filter((selector) => {
  try { document.querySelector(selector); return true; } catch (error) { return false; }
})"""


@dataclass(frozen=True, slots=True)
class Capture:
    png: bytes
    invalid_masks: tuple[str, ...] = ()
    """Mask selectors the page's DOM could not parse; they were ignored."""
    truncated: bool = False
    """The page is taller than `MAX_HEIGHT` and was cut there."""


async def capture(page: Page, *, masks: Sequence[str], timeout_ms: float) -> Capture:
    """A full-page PNG of the loaded `page`, the `masks` painted over in one flat colour."""
    await page.add_style_tag(content=STABILISING_CSS)
    await page.evaluate("() => document.fonts ? document.fonts.ready.then(() => true) : true")
    scrolling = {"step": VIEWPORT_HEIGHT, "pause": SCROLL_PAUSE_MS, "maxHeight": MAX_HEIGHT}
    height = await page.evaluate(SCROLL_THROUGH, scrolling)
    if height > VIEWPORT_HEIGHT:
        with contextlib.suppress(PlaywrightTimeout):
            await page.wait_for_load_state("networkidle", timeout=LAZY_IDLE_MS)
        await page.evaluate("() => document.fonts ? document.fonts.ready.then(() => true) : true")
    await page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    await page.wait_for_timeout(SETTLE_MS)
    valid = await page.evaluate(VALID_SELECTORS, list(masks)) if masks else []
    truncated = height > MAX_HEIGHT
    png = await page.screenshot(
        full_page=True,
        animations="disabled",
        caret="hide",
        mask=[page.locator(selector) for selector in valid],
        mask_color=MASK_COLOR,
        type="png",
        scale="css",
        clip={"x": 0, "y": 0, "width": VIEWPORT_WIDTH, "height": MAX_HEIGHT} if truncated else None,
        timeout=timeout_ms,
    )
    return Capture(png=png, invalid_masks=tuple(mask for mask in masks if mask not in valid), truncated=truncated)
