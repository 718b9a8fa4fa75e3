"""The 0–100 performance score: Lighthouse's desktop scoring curves and weights, Speed Index left out.

Control points and weights as Lighthouse publishes them (GoogleChrome/lighthouse, `core/audits/
metrics/*.js` `defaultOptions().desktop.scoring`, and `core/config/default-config.js` performance
`auditRefs`):

| metric | p10 (score 0.90) | median (score 0.50) | Lighthouse weight |
|--------|------------------|---------------------|-------------------|
| FCP    | 934 ms           | 1600 ms             | 10                |
| LCP    | 1200 ms          | 2400 ms             | 25                |
| TBT    | 150 ms           | 350 ms              | 30                |
| CLS    | 0.1              | 0.25                | 25                |

Speed Index (weight 10) needs a filmstrip NAT does not record, so the remaining weights are used
as they are and the sum is divided by 90 instead of 100. A page missing one of the four metrics
(no contentful paint) gets no score, as Lighthouse gives none. The curve is `shared/statistics.js`
`getLogNormalScore`; each metric score is rounded to two decimals (`Audit.computeLogNormalScore`),
as is the weighted mean before it is shown ×100 (`ReportScoring.arithmeticMean`). Python's exact
`math.erf` stands in for Lighthouse's Abramowitz–Stegun approximation (error below 2e-7).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

INVERSE_ERFC_ONE_FIFTH = 0.9061938024368232
"""erfc⁻¹(0.2): puts the p10 control point at a score of 0.9."""
MIN_PASSING = 0.9
MAX_AVERAGE = 0.8999999999999999
MIN_AVERAGE = 0.5
MAX_FAILING = 0.49999999999999994


@dataclass(frozen=True, slots=True)
class Curve:
    """One metric's log-normal scoring curve and its weight in the performance score."""

    p10: float
    median: float
    weight: int


DESKTOP_CURVES: Mapping[str, Curve] = {
    "fcp": Curve(p10=934, median=1600, weight=10),
    "lcp": Curve(p10=1200, median=2400, weight=25),
    "tbt": Curve(p10=150, median=350, weight=30),
    "cls": Curve(p10=0.1, median=0.25, weight=25),
}


def log_normal_score(value: float, *, p10: float, median: float) -> float:
    """Share of sites doing worse than `value` on a log-normal fitted to the two control points.

    A value at or better than p10 scores at least 0.9, at or better than the median at least 0.5,
    worse than the median below 0.5 (Lighthouse clamps each band so rounding never crosses one).
    """
    if value <= 0:
        return 1.0
    standardized = math.log(value / median) * INVERSE_ERFC_ONE_FIFTH / -math.log(p10 / median)
    complementary = (1 - math.erf(standardized)) / 2
    if value <= p10:
        return max(MIN_PASSING, min(1.0, complementary))
    if value <= median:
        return max(MIN_AVERAGE, min(MAX_AVERAGE, complementary))
    return max(0.0, min(MAX_FAILING, complementary))


def metric_scores(metrics: Mapping[str, float | None]) -> dict[str, float]:
    """Score 0–1 (two decimals) of each scored metric that was measured."""
    return {
        name: round(log_normal_score(value, p10=curve.p10, median=curve.median), 2)
        for name, curve in DESKTOP_CURVES.items()
        if (value := metrics.get(name)) is not None
    }


def performance_score(metrics: Mapping[str, float | None]) -> int | None:
    """0–100 weighted score, or None when one of the scored metrics was not measured."""
    scores = metric_scores(metrics)
    if len(scores) < len(DESKTOP_CURVES):
        return None
    total_weight = sum(curve.weight for curve in DESKTOP_CURVES.values())
    mean = sum(DESKTOP_CURVES[name].weight * score for name, score in scores.items()) / total_weight
    return round(round(mean, 2) * 100)
