"""Budgets and the stop switch shared by every thread of a scan."""
from __future__ import annotations

import threading
import time


class StopScan(Exception):
    """Raised inside a scan's threads when it must stop sending; never escapes `run_scan`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BudgetExhausted(StopScan):
    """The request or time budget is spent: the scan ends with what it has and says so."""


class Cancelled(StopScan):
    """The caller asked the scan to stop."""


class ScanControl:
    """Counts requests against the budget, watches the deadline, and carries the stop flag."""

    def __init__(self, *, max_requests: int | None = None, max_duration: float | None = None) -> None:
        self.max_requests = max_requests
        self.started = time.monotonic()
        self.deadline = self.started + max_duration if max_duration else None
        self.stop_event = threading.Event()
        self._lock = threading.Lock()
        self._sent = 0
        self._stop: StopScan | None = None

    @property
    def requests_sent(self) -> int:
        return self._sent

    @property
    def stopped(self) -> StopScan | None:
        """Why the scan stopped, or `None` while it runs."""
        return self._stop

    def stop(self, reason: StopScan) -> None:
        """Stop every thread at its next request or wait; the first reason given wins."""
        with self._lock:
            if self._stop is None:
                self._stop = reason
        self.stop_event.set()

    def check(self) -> None:
        """Raise the stop reason if the scan must stop (cancelled, out of time)."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.stop(BudgetExhausted("time budget exhausted"))
        if self._stop is not None:
            raise self._stop

    def charge(self) -> None:
        """Account for one request about to be sent, or raise when it may not be."""
        self.check()
        with self._lock:
            if self.max_requests is not None and self._sent >= self.max_requests:
                exhausted = BudgetExhausted(f"request budget of {self.max_requests} exhausted")
                if self._stop is None:
                    self._stop = exhausted
                self.stop_event.set()
                raise self._stop
            self._sent += 1

    def sleep(self, seconds: float) -> None:
        """Wait, waking at once when the scan is stopped; raise if it was."""
        if seconds > 0:
            limit = seconds
            if self.deadline is not None:
                limit = min(limit, max(0.0, self.deadline - time.monotonic()) + 0.01)
            self.stop_event.wait(limit)
        self.check()

    def remaining(self) -> float | None:
        """Seconds left in the time budget, `None` without one."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - time.monotonic())
