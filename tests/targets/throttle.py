"""Throttles the clean targets use where the checks expect a defence: a token bucket and a window
counting events per key. Thread-safe; the servers are threaded."""
from __future__ import annotations

import threading
import time


class TokenBucket:
    """`capacity` requests at once per key, refilled at `rate` per second."""

    def __init__(self, *, capacity: int, rate: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self._lock = threading.Lock()
        self._state: dict[str, tuple[float, float]] = {}

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, at = self._state.get(key, (float(self.capacity), now))
            tokens = min(self.capacity, tokens + (now - at) * self.rate)
            allowed = tokens >= 1
            self._state[key] = (tokens - 1 if allowed else tokens, now)
            return allowed


class Window:
    """At most `limit` events per key within the last `seconds`."""

    def __init__(self, *, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._lock = threading.Lock()
        self._events: dict[str, list[float]] = {}

    def full(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = [moment for moment in self._events.get(key, []) if now - moment < self.seconds]
            self._events[key] = recent
            return len(recent) >= self.limit

    def record(self, key: str) -> None:
        with self._lock:
            self._events.setdefault(key, []).append(time.monotonic())
