"""Engine requests to the hostile API (tests/targets/hostile.py) with a short per-request timeout,
and what the target logged about each of them."""
from __future__ import annotations

import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from scans.engine.http.reply import Reply
from tests.targets.hostile_scan import send
from tests.targets.launcher import RunningTarget

TIMEOUT = 2.0
"""The scan's per-request timeout in these tests: the deadline a trickling answer is cut at."""
T = TypeVar("T")


@dataclass
class Sent:
    """An engine request to the hostile API and the marker its log entries carry."""

    reply: Reply
    marker: str

    def entries(self, target: RunningTarget) -> list[dict[str, Any]]:
        return ended_entries(target, self.marker)


def ended_entries(target: RunningTarget, marker: str) -> list[dict[str, Any]]:
    """The target's entries for requests marked `q=marker`, once each has ended (the target notices
    a client that went away at its next write)."""
    for _ in range(300):
        entries = [entry for entry in target.log() if entry["query"] == f"q={marker}"]
        if entries and all(entry["ended"] for entry in entries):
            return entries
        time.sleep(0.1)
    raise AssertionError(f"the target's answers to q={marker} never ended")


def get(target: RunningTarget, path: str) -> Sent:
    """GET `path` of the hostile API through the engine's client, marked so its log entries can be found."""
    marker = uuid.uuid4().hex
    return Sent(send(target.url, path, timeout=TIMEOUT, query=(("q", marker),)), marker)


def peak_memory(action: Callable[[], T]) -> tuple[T, int]:
    """What `action` returns, and the most bytes Python held for it at once."""
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
