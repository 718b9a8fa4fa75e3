"""Core Web Vitals from the browser's raw performance entries, and one page's measured metrics.

Definitions follow web.dev and Lighthouse: CLS is the largest session window of layout shifts
(shifts less than 1 s apart, a window at most 5 s long, shifts right after input excluded); TBT is
the sum over long tasks of their time beyond 50 ms, clipped to the span from FCP to the end of the
load's quiet window; INP is the longest interaction (its event entries grouped by interaction id),
or the first input's duration when no event entry passed the 16 ms reporting threshold.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scans.functional.vitals_score import metric_scores, performance_score

BLOCKING_THRESHOLD_MS = 50.0
SESSION_GAP_MS = 1000.0
SESSION_MAX_MS = 5000.0
SUMMARY_LABELS = (
    ("ttfb", "TTFB"), ("fcp", "FCP"), ("lcp", "LCP"), ("cls", "CLS"), ("tbt", "TBT"), ("inp", "INP"), ("fid", "FID"),
)
POOR_SCORE = 50
"""A page scoring below this fails its performance task (Lighthouse's red band)."""


def cumulative_layout_shift(shifts: Iterable[tuple[float, float]]) -> float:
    """Largest session-window sum of `(start_ms, value)` layout shifts."""
    best = current = 0.0
    window_start = previous = None
    for start, value in sorted(shifts):
        gap = start - previous if previous is not None else SESSION_GAP_MS
        if window_start is None or gap >= SESSION_GAP_MS or start - window_start >= SESSION_MAX_MS:
            window_start, current = start, 0.0
        current += value
        previous = start
        best = max(best, current)
    return best


def total_blocking_time(long_tasks: Iterable[tuple[float, float]], *, start_ms: float, end_ms: float) -> float:
    """Sum of `duration − 50 ms` over `(start_ms, duration_ms)` tasks, each clipped to [start_ms, end_ms]."""
    total = 0.0
    for task_start, duration in long_tasks:
        clipped = min(task_start + duration, end_ms) - max(task_start, start_ms)
        if clipped > BLOCKING_THRESHOLD_MS:
            total += clipped - BLOCKING_THRESHOLD_MS
    return total


def interaction_to_next_paint(
    events: Iterable[tuple[str, float, float, int]], first_input_duration: float | None
) -> float | None:
    """Longest interaction among `(name, start_ms, duration_ms, interaction_id)` event entries."""
    by_interaction: dict[int, float] = {}
    for _name, _start, duration, interaction in events:
        by_interaction[interaction] = max(by_interaction.get(interaction, 0.0), duration)
    if by_interaction:
        return max(by_interaction.values())
    return first_input_duration


@dataclass(frozen=True, slots=True)
class PageMetrics:
    """One page's lab metrics: times in milliseconds from navigation start, CLS unitless.

    A metric is None when the page gave no entry for it (no contentful paint, no interaction).
    """

    url: str
    ttfb: float | None
    fcp: float | None
    lcp: float | None
    cls: float | None
    tbt: float | None
    inp: float | None
    fid: float | None
    metric_scores: Mapping[str, float] = field(default_factory=dict)
    score: int | None = None

    @classmethod
    def from_entries(cls, url: str, raw: Mapping[str, Any]) -> PageMetrics:
        """Metrics from what the collector script returned (see `performance.COLLECTOR`)."""
        fcp = _number(raw.get("fcp"))
        window_end = _number(raw.get("window_end")) or 0.0
        long_tasks = [(float(start), float(duration)) for start, duration in raw.get("long_tasks") or ()]
        first_input = raw.get("first_input")
        measured: dict[str, float | None] = {
            "ttfb": _number(raw.get("ttfb")),
            "fcp": fcp,
            "lcp": _number(raw.get("lcp")),
            "cls": cumulative_layout_shift((float(start), float(value)) for start, value in raw.get("shifts") or ()),
            "tbt": total_blocking_time(long_tasks, start_ms=fcp, end_ms=window_end) if fcp is not None else None,
            "inp": interaction_to_next_paint(
                [
                    (str(name), float(start), float(duration), int(interaction))
                    for name, start, duration, interaction in raw.get("events") or ()
                ],
                _number(first_input.get("duration")) if first_input else None,
            ),
            "fid": _number(first_input.get("delay")) if first_input else None,
        }
        rounded = {name: _rounded(name, value) for name, value in measured.items()}
        return cls(url=url, **rounded, metric_scores=metric_scores(rounded), score=performance_score(rounded))

    @property
    def poor(self) -> bool:
        return self.score is not None and self.score < POOR_SCORE

    def summary(self) -> str:
        """`LCP 1320 ms, CLS 0.210, TBT 240 ms, … → score 61` for a task's detail."""
        parts = [
            f"{label} {_shown(getattr(self, name), name)}"
            for name, label in SUMMARY_LABELS
        ]
        return f"{', '.join(parts)} → score {self.score if self.score is not None else 'n/a'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "ttfb": self.ttfb,
            "fcp": self.fcp,
            "lcp": self.lcp,
            "cls": self.cls,
            "tbt": self.tbt,
            "inp": self.inp,
            "fid": self.fid,
            "score": self.score,
            "metric_scores": dict(self.metric_scores),
        }


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else None


def _rounded(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    return round(value, 4) if name == "cls" else round(value, 1)


def _shown(value: float | None, name: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if name == "cls" else f"{value:.0f} ms"
