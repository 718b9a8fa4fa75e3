"""Pacing of requests to one target: a token bucket plus pauses the target asks for."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from scans.engine.http.control import ScanControl


class RateLimiter:
    """A token bucket of `rate` tokens per second holding at most `burst` tokens.

    Scheduling follows GCRA: each caller reserves the next free slot under a lock, then sleeps
    outside it, so threads are spaced evenly without holding the lock while waiting.
    `pause_until` delays every later slot (used for a target's `Retry-After`).
    """

    def __init__(self, rate: float | None, *, burst: int = 1, clock: Callable[[], float] = time.monotonic) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1, burst)
        self._clock = clock
        self._lock = threading.Lock()
        self._tat = 0.0
        self._paused_until = 0.0

    def reserve(self) -> float:
        """Reserve a slot; return the number of seconds the caller must wait before sending."""
        with self._lock:
            now = self._clock()
            arrival = max(now, self._paused_until)
            if self.rate is None:
                return arrival - now
            interval = 1.0 / self.rate
            tolerance = (self.burst - 1) * interval
            slot = max(arrival, self._tat - tolerance)
            self._tat = max(self._tat, slot) + interval
            return slot - now

    def acquire(self, control: ScanControl) -> None:
        """Block until the caller may send (interruptible by the scan's stop switch)."""
        control.sleep(self.reserve())

    def pause_until(self, when: float) -> None:
        """No slot starts before monotonic time `when`."""
        with self._lock:
            self._paused_until = max(self._paused_until, when)
