"""A quiet target for timing measurements: while one thread measures, the scan's other requests wait
(those in flight finish first), so the scan's own load never passes for a delay the target made."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from scans.engine.http.control import ScanControl

WAIT_STEP = 0.1


class QuietGate:
    """Every request passes `request()`; a measurement holds `quiet()` and then has the target to itself."""

    def __init__(self, control: ScanControl) -> None:
        self.control = control
        self._changed = threading.Condition()
        self._in_flight = 0
        self._waiting = 0
        self._owner: int | None = None
        self._local = threading.local()

    @contextmanager
    def request(self) -> Iterator[None]:
        """Around one request: waits while another thread measures. The measuring thread's own
        requests pass at once, and so do requests a request makes (a re-login on the way)."""
        if self._owner == threading.get_ident() or getattr(self._local, "depth", 0) > 0:
            self._local.depth = getattr(self._local, "depth", 0) + 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        with self._changed:
            while self._owner is not None or self._waiting:
                self._changed.wait(WAIT_STEP)
                self.control.check()
            self._in_flight += 1
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            with self._changed:
                self._in_flight -= 1
                self._changed.notify_all()

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Have the target to this thread: new requests wait, requests in flight finish first."""
        with self._changed:
            self._waiting += 1
            try:
                while self._owner is not None or self._in_flight:
                    self._changed.wait(WAIT_STEP)
                    self.control.check()
            finally:
                self._waiting -= 1
            self._owner = threading.get_ident()
        try:
            yield
        finally:
            with self._changed:
                self._owner = None
                self._changed.notify_all()
