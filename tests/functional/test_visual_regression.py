"""Screenshots in real Chromium against stored baselines: the first scan makes the baseline, a change
over the threshold is a regression with before/after/diff images, identical or tiny changes are
not, size changes are handled, masks hide dynamic regions and `reset_baseline` replaces the baseline."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from scans.functional.baselines import page_key
from scans.functional.config import FunctionalConfig, Runner
from scans.functional.runner import run_functional

pytestmark = pytest.mark.browser

PAGE = "/visual/"
CLOCK = "#clock"
"""The page prints the time and a random number there: it differs on every load."""


def scan(site, browser, store, *, masks=(CLOCK,), reset=False, threshold=0.5):
    config = FunctionalConfig(
        url=site.url, pages=(PAGE,), masks=masks, reset_baseline=reset, visual_threshold=threshold,
        runners=frozenset({Runner.VISUAL}),
    )
    outcome = run_functional(config, baselines=store, browser=browser)
    [comparison] = outcome.visual_regression["comparisons"]
    return outcome, comparison


def image(store, reference):
    with Image.open(store.path(reference)) as opened:
        return opened.convert("RGB")


def test_first_scan_stores_the_baseline(fresh_site, browser, store):
    outcome, comparison = scan(fresh_site, browser, store)
    assert comparison["baseline_created"] is True
    assert comparison["regression"] is False
    assert comparison["viewport"] == "1280x800"
    assert store.get(page_key(fresh_site.url + PAGE)) is not None
    assert image(store, comparison["images"]["after"]).width == 1280
    assert outcome.visual_regression["diffs_detected"] == 0


def test_two_identical_scans_differ_by_no_pixel(fresh_site, browser, store):
    scan(fresh_site, browser, store)
    outcome, comparison = scan(fresh_site, browser, store)
    assert comparison["baseline_created"] is False
    assert comparison["diff_pixels"] == 0
    assert comparison["regression"] is False
    assert comparison["images"]["before"] is None and comparison["images"]["diff"] is None
    assert [task.status for task in outcome.tasks] == ["passed"]


def test_change_below_the_threshold_is_measured_but_not_a_regression(fresh_site, browser, store):
    scan(fresh_site, browser, store)
    fresh_site.state["variant"] = "tiny"
    outcome, comparison = scan(fresh_site, browser, store)
    assert 0 < comparison["diff_pixels"] <= 100
    assert comparison["diff_percent"] < 0.5
    assert comparison["regression"] is False
    assert outcome.visual_regression["diffs_detected"] == 0


def test_change_above_the_threshold_is_a_regression_with_three_images(fresh_site, browser, store):
    _, baseline = scan(fresh_site, browser, store)
    fresh_site.state["variant"] = "changed"
    outcome, comparison = scan(fresh_site, browser, store)
    assert comparison["regression"] is True
    assert comparison["diff_percent"] > 0.5
    assert outcome.visual_regression["diffs_detected"] == 1
    assert [task.status for task in outcome.tasks] == ["failed"]
    images = comparison["images"]
    assert all(store.path(images[kind]).is_file() for kind in ("before", "after", "diff"))
    assert store.path(images["before"]).read_bytes() == store.path(baseline["images"]["after"]).read_bytes()
    before, after, diff = (image(store, images[kind]) for kind in ("before", "after", "diff"))
    assert after.getpixel((10, 10)) != before.getpixel((10, 10))
    assert diff.getpixel((10, 10)) == (255, 0, 64)
    assert diff.size == (max(before.width, after.width), max(before.height, after.height))


def test_a_stricter_threshold_flags_the_small_change(fresh_site, browser, store):
    scan(fresh_site, browser, store)
    fresh_site.state["variant"] = "tiny"
    _, comparison = scan(fresh_site, browser, store, threshold=0.001)
    assert comparison["regression"] is True


def test_a_page_that_grew_is_compared_and_reported_as_resized(fresh_site, browser, store):
    scan(fresh_site, browser, store)
    fresh_site.state["variant"] = "taller"
    _, comparison = scan(fresh_site, browser, store)
    assert comparison["size_changed"] is True
    assert comparison["size"][1] > comparison["baseline_size"][1]
    assert comparison["regression"] is True
    with Image.open(io.BytesIO(store.path(comparison["images"]["diff"]).read_bytes())) as diff:
        assert diff.size == tuple(comparison["size"])


def test_unmasked_dynamic_region_differs_between_loads(fresh_site, browser, store):
    scan(fresh_site, browser, store, masks=())
    _, comparison = scan(fresh_site, browser, store, masks=())
    assert comparison["diff_pixels"] > 0


def test_reset_baseline_replaces_the_baseline_with_the_new_screenshot(fresh_site, browser, store):
    scan(fresh_site, browser, store)
    fresh_site.state["variant"] = "changed"
    _, reset = scan(fresh_site, browser, store, reset=True)
    assert reset["baseline_created"] is True and reset["regression"] is False
    _, same = scan(fresh_site, browser, store)
    assert same["diff_pixels"] == 0
    fresh_site.state["variant"] = "base"
    _, back = scan(fresh_site, browser, store)
    assert back["regression"] is True


def test_invalid_mask_selector_is_ignored_with_a_warning(fresh_site, browser, store):
    outcome, comparison = scan(fresh_site, browser, store, masks=(CLOCK, "div[[broken"))
    assert comparison["baseline_created"] is True
    assert any("div[[broken" in warning for warning in outcome.warnings)
