"""The rate limiter spaces requests at the configured rate and honours pauses a target asks for."""
from __future__ import annotations

import pytest

from scans.engine.http.ratelimit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_requests_are_spaced_by_one_over_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(4.0, clock=clock)
    waits = [limiter.reserve() for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])


def test_a_burst_allowance_lets_that_many_go_at_once_then_spaces_the_rest() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2.0, burst=3, clock=clock)
    assert [limiter.reserve() for _ in range(5)] == pytest.approx([0.0, 0.0, 0.0, 0.5, 1.0])


def test_idle_time_does_not_build_up_credit_beyond_the_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10.0, clock=clock)
    limiter.reserve()
    clock.now += 60
    assert [limiter.reserve() for _ in range(3)] == pytest.approx([0.0, 0.1, 0.2])


def test_a_pause_delays_every_later_request_even_without_a_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(None, clock=clock)
    assert limiter.reserve() == 0.0
    limiter.pause_until(clock.now + 1.5)
    assert limiter.reserve() == 1.5
    clock.now += 2
    assert limiter.reserve() == 0.0
