"""Visual regression of one page: its screenshot against the stored baseline, and what to keep.

Policy: the first scan of a page (at a viewport) stores its screenshot as the baseline; later scans
compare with it and leave it alone, so a regression stays flagged until someone accepts it with
`reset_baseline`, which replaces the baseline with the new screenshot. Every scan keeps its own
screenshot (`after`); when pixels changed, the baseline (`before`) and a diff image are kept too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scans.functional.baselines import BaselineStore, ImageKind, page_key
from scans.functional.config import VIEWPORT
from scans.functional.imagediff import compare_images


@dataclass(frozen=True, slots=True)
class Comparison:
    """One page's screenshot compared with its baseline."""

    url: str
    viewport: str
    baseline_created: bool
    """No baseline existed (or `reset_baseline` replaced it): this screenshot is the baseline now."""
    diff_pixels: int
    diff_percent: float
    regression: bool
    size_changed: bool
    before: str | None
    """Store reference of the baseline image, when pixels changed."""
    after: str | None
    diff: str | None
    baseline_size: tuple[int, int] | None
    size: tuple[int, int] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "viewport": self.viewport,
            "baseline_created": self.baseline_created,
            "diff_pixels": self.diff_pixels,
            "diff_percent": round(self.diff_percent, 4),
            "regression": self.regression,
            "size_changed": self.size_changed,
            "baseline_size": list(self.baseline_size) if self.baseline_size else None,
            "size": list(self.size) if self.size else None,
            "images": {"before": self.before, "after": self.after, "diff": self.diff},
        }

    def summary(self) -> str:
        if self.baseline_created:
            return "baseline stored"
        size = f"; size {self.baseline_size} → {self.size}" if self.size_changed else ""
        verdict = "regression" if self.regression else "within threshold"
        return f"{self.diff_pixels} pixels changed ({self.diff_percent:.3f}%): {verdict}{size}"


def compare_with_baseline(
    url: str, png: bytes, *, baselines: BaselineStore, threshold: float, reset: bool, viewport: str = VIEWPORT
) -> Comparison:
    """Compare `png` with the baseline of `url` (making it the baseline when there is none or `reset`)."""
    key = page_key(url, viewport)
    after = baselines.save_image(ImageKind.AFTER, key, png)
    baseline = None if reset else baselines.get(key)
    if baseline is None:
        baselines.put(key, png)
        return Comparison(
            url=url, viewport=viewport, baseline_created=True, diff_pixels=0, diff_percent=0.0, regression=False,
            size_changed=False, before=None, after=after, diff=None, baseline_size=None, size=None,
        )
    diff = compare_images(baseline, png)
    changed = diff.diff_pixels > 0
    return Comparison(
        url=url,
        viewport=viewport,
        baseline_created=False,
        diff_pixels=diff.diff_pixels,
        diff_percent=diff.diff_percent,
        regression=diff.diff_percent > threshold,
        size_changed=diff.size_changed,
        before=baselines.save_image(ImageKind.BEFORE, key, baseline) if changed else None,
        after=after,
        diff=baselines.save_image(ImageKind.DIFF, key, diff.diff_png) if changed else None,
        baseline_size=diff.before_size,
        size=diff.after_size,
    )
