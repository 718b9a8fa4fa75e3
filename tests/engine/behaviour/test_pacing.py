"""Pacing: the configured rate is never exceeded, and a target's Retry-After pauses the scan."""
from __future__ import annotations

from collections.abc import Callable

from tests.targets.launcher import RunningTarget
from tests.targets.scanning import NOTES_MODULE, config_for, run_scan_on

RATE = 20.0


def test_requests_never_exceed_the_rate_limit(notes_clean_target: RunningTarget) -> None:
    run = run_scan_on(notes_clean_target, config_for(notes_clean_target, rate_limit=RATE, max_requests=60,
                                                      concurrency=5))
    starts = sorted(entry["at"] for entry in run.log)
    assert len(starts) >= 40
    window = int(RATE)
    tightest = min(later - earlier for earlier, later in zip(starts, starts[window:], strict=False))
    # Arrival times carry scheduling jitter; unpaced, these requests would arrive within 0.3 s.
    assert tightest >= 0.85, f"{window + 1} requests within {tightest:.3f} s"
    assert (len(starts) - 1) / (starts[-1] - starts[0]) <= RATE * 1.05


def test_a_429_with_retry_after_pauses_the_scan_then_the_request_is_retried(
    start_extra_target: Callable[..., RunningTarget],
) -> None:
    target = start_extra_target(NOTES_MODULE, flaws="none", args=("--throttle-every", "9"))
    run = run_scan_on(target, config_for(target, concurrency=1, max_requests=30, checks=("bola",)))
    log = sorted(run.log, key=lambda entry: entry["at"])
    throttled = [index for index, entry in enumerate(log) if entry["status"] == 429]
    assert len(throttled) >= 2
    for index in throttled:
        if index + 1 < len(log):
            after = log[index + 1]
            assert after["at"] - log[index]["done"] >= 0.95
            assert (after["method"], after["path"]) == (log[index]["method"], log[index]["path"])
