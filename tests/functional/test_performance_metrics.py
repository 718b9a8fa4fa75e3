"""Core Web Vitals measured in real Chromium: the slow page (late hero image, layout shift, long
tasks, a blocking click handler) measures worse than the fast one on each metric, and at least what
its planted delays add. How fast the fast page measures is a figure of bench/performance_metrics.py."""
from __future__ import annotations

import pytest

from scans.functional.config import FunctionalConfig, Runner
from scans.functional.runner import run_functional

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def measured(site, browser, tmp_path_factory):
    from scans.functional.baselines import DirectoryBaselineStore

    config = FunctionalConfig(
        url=site.url, pages=("/perf/slow.html", "/perf/fast.html"), runners=frozenset({Runner.PERFORMANCE})
    )
    outcome = run_functional(config, baselines=DirectoryBaselineStore(tmp_path_factory.mktemp("perf")), browser=browser)
    slow, fast = outcome.performance["metrics"]
    return outcome, slow, fast


def test_slow_page_lcp_waits_for_the_late_hero_image(measured):
    _, slow, fast = measured
    assert slow["lcp"] >= 1500
    assert fast["lcp"] > 0
    assert slow["lcp"] > fast["lcp"]


def test_slow_page_layout_shift_is_counted_and_the_fast_page_has_none(measured):
    _, slow, fast = measured
    assert 0.05 <= slow["cls"] <= 1.0
    assert fast["cls"] < 0.01


def test_slow_page_long_tasks_add_up_to_blocking_time(measured):
    _, slow, fast = measured
    assert slow["tbt"] >= 200
    assert slow["tbt"] > fast["tbt"]


def test_a_real_click_measures_interaction_latency(measured):
    _, slow, fast = measured
    assert slow["inp"] >= 140
    assert fast["inp"] is not None and fast["inp"] < slow["inp"]
    assert slow["fid"] is not None and fast["fid"] is not None


def test_paint_and_first_byte_are_measured_in_order(measured):
    _, slow, fast = measured
    for page in (slow, fast):
        assert 0 < page["ttfb"] <= page["fcp"] <= page["lcp"]


def test_scores_follow_the_metrics(measured):
    outcome, slow, fast = measured
    assert fast["score"] > slow["score"]
    assert fast["metric_scores"]["cls"] > slow["metric_scores"]["cls"]
    assert outcome.performance["performance_score"] == round((slow["score"] + fast["score"]) / 2)
    assert outcome.performance["pages_tested"] == 2
