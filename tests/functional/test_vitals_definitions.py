"""CLS session windows, TBT clipped to its window, INP from the longest interaction."""
from __future__ import annotations

import pytest

from scans.functional.vitals import (
    PageMetrics,
    cumulative_layout_shift,
    interaction_to_next_paint,
    total_blocking_time,
)


def test_cls_is_the_largest_session_window_not_the_sum_of_all_shifts():
    shifts = [(100, 0.1), (600, 0.1), (3000, 0.05), (3500, 0.05), (3900, 0.05)]
    assert cumulative_layout_shift(shifts) == pytest.approx(0.2)


def test_cls_window_closes_after_five_seconds_even_without_a_gap():
    shifts = [(time, 0.1) for time in range(0, 7000, 500)]
    assert cumulative_layout_shift(shifts) == pytest.approx(1.0)


def test_cls_without_shifts_is_zero():
    assert cumulative_layout_shift([]) == 0.0


def test_tbt_counts_time_beyond_fifty_ms_after_fcp_only():
    tasks = [(0, 300), (400, 120), (1000, 40), (1900, 200)]
    assert total_blocking_time(tasks, start_ms=200, end_ms=2000) == pytest.approx(50 + 70 + 50)


def test_inp_takes_the_longest_interaction_and_falls_back_on_the_first_input():
    events = [("pointerdown", 10, 24, 1), ("click", 12, 160, 1), ("keydown", 900, 40, 2)]
    assert interaction_to_next_paint(events, first_input_duration=8) == 160
    assert interaction_to_next_paint([], first_input_duration=8) == 8
    assert interaction_to_next_paint([], first_input_duration=None) is None


def test_page_metrics_from_collector_entries():
    raw = {
        "ttfb": 20.04, "fcp": 100, "lcp": 1800, "window_end": 3000,
        "shifts": [[1700, 0.2]], "long_tasks": [[300, 250]],
        "events": [["click", 3100, 152, 5]], "first_input": {"delay": 2.5, "duration": 152},
    }
    metrics = PageMetrics.from_entries("http://127.0.0.1/p", raw)
    assert (metrics.ttfb, metrics.fcp, metrics.lcp, metrics.cls, metrics.tbt, metrics.inp, metrics.fid) == (
        20.0, 100.0, 1800.0, 0.2, 200.0, 152.0, 2.5,
    )
    assert metrics.score is not None and 0 < metrics.score < 100
    assert "LCP 1800 ms" in metrics.summary()


def test_page_without_paint_has_no_tbt_and_no_score():
    metrics = PageMetrics.from_entries("http://127.0.0.1/p", {"ttfb": 5, "shifts": [], "long_tasks": []})
    assert metrics.fcp is None and metrics.lcp is None and metrics.tbt is None
    assert metrics.cls == 0.0
    assert metrics.score is None and not metrics.poor
