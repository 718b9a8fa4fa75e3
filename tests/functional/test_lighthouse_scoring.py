"""The performance score follows Lighthouse's desktop curves: p10 scores 0.9, the median 0.5,
weights FCP 10, LCP 25, TBT 30, CLS 25 (Speed Index left out)."""
from __future__ import annotations

import pytest

from scans.functional.vitals_score import DESKTOP_CURVES, log_normal_score, metric_scores, performance_score


@pytest.mark.parametrize("metric", sorted(DESKTOP_CURVES))
def test_control_points_score_as_lighthouse_defines_them(metric):
    curve = DESKTOP_CURVES[metric]
    assert log_normal_score(curve.p10, p10=curve.p10, median=curve.median) == pytest.approx(0.9, abs=1e-9)
    assert log_normal_score(curve.median, p10=curve.p10, median=curve.median) == pytest.approx(0.5, abs=1e-9)


def test_scores_fall_as_the_value_grows_and_stay_in_their_band():
    curve = DESKTOP_CURVES["lcp"]
    values = [0, 300, 1200, 1201, 2000, 2400, 2401, 4000, 20_000]
    scores = [log_normal_score(value, p10=curve.p10, median=curve.median) for value in values]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 1.0
    assert scores[3] < 0.9 and scores[6] < 0.5
    assert scores[-1] < 0.01


def test_curve_matches_the_log_normal_formula_between_control_points():
    import math

    p10, median, value = 150, 350, 250
    sigma = math.log(median / p10) / (math.sqrt(2) * 0.9061938024368232)
    expected = 0.5 * math.erfc(math.log(value / median) / (math.sqrt(2) * sigma))
    assert log_normal_score(value, p10=p10, median=median) == pytest.approx(expected, rel=1e-12)


def test_published_desktop_control_points():
    assert {name: (curve.p10, curve.median, curve.weight) for name, curve in DESKTOP_CURVES.items()} == {
        "fcp": (934, 1600, 10),
        "lcp": (1200, 2400, 25),
        "tbt": (150, 350, 30),
        "cls": (0.1, 0.25, 25),
    }


def test_all_metrics_at_their_median_score_fifty_and_at_zero_score_hundred():
    at_median = {name: curve.median for name, curve in DESKTOP_CURVES.items()}
    assert performance_score(at_median) == 50
    assert performance_score({"fcp": 0, "lcp": 0, "tbt": 0, "cls": 0}) == 100


def test_weights_leave_out_speed_index_and_a_missing_metric_means_no_score():
    metrics = {"fcp": 100.0, "lcp": 100.0, "tbt": 350.0, "cls": 0.0}
    assert metric_scores(metrics) == {"fcp": 1.0, "lcp": 1.0, "tbt": 0.5, "cls": 1.0}
    assert performance_score(metrics) == round(round((10 + 25 + 0.5 * 30 + 25) / 90, 2) * 100)
    assert performance_score({**metrics, "lcp": None}) is None
    assert performance_score({}) is None
