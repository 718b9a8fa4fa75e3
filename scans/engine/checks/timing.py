"""Time-based confirmation: a payload that means "wait N seconds" must delay the answer by about N,
at two durations, each against a control of the same length that does not wait (and carries the
same number, so an input that reads a number as a delay waits for both). Databases without a sleep
function get a counting query sized from two measurements instead.

A fast first answer ends a test at once; a slow one is measured again on the scan's timing lane
(one measurement at a time: another probe's load on the target must not pass for a delay), and a
per-scan budget bounds the delays the scan asks for.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from scans.engine.http.control import ScanControl
from scans.engine.http.quiet import QuietGate
from scans.engine.http.reply import Reply

SHORT = 1.0
LONG = 2.0
"""The two delays asked for, in seconds."""
SLOW = 0.75
"""A waiting answer must come at least this share of the asked delay later than its control."""
FAST = 0.5
"""A control may come at most this share of the short delay later than the plain answer."""
TRACKS = 0.6
"""The long delay must add at least this share of the difference between the two delays."""
TIMING_BUDGET = 30.0
"""Seconds of deliberate delay one scan may ask of a target, in all."""
MAX_TIMED_REQUESTS = 1500
"""Requests sent on the timing lane per scan (each negative try costs one)."""
HEAVY_PROBE_ROWS = 300_000
"""Rows a heavy-query payload first counts, to learn how fast the target's database is."""
HEAVY_PROBE_GROWTH = 4
"""The second sizing query counts this many times the rows of the first."""
HEAVY_MIN_SIGNAL = 0.04
"""Seconds the first heavy query must add over the plain answer (and each further multiple of its
work must add) to be worth scaling up: a smaller gain is noise, and scaling noise up could ask
the target for far more work than meant."""
HEAVY_MAX_SCALE = 100
HEAVY_SLOW = 0.5
"""A heavy query's work is sized from one measurement, so its delays are looser: at least this share
of the time asked, and the long one at least `HEAVY_TRACKS` times the short one (twice the work)."""
HEAVY_TRACKS = 1.5
HEAVY_RESIZE = 4.0
"""A heavy query that came back too fast is sized again from its own time, by at most this factor."""


class TimingLane:
    """One measurement at a time per scan, on a quiet target (the scan's other requests wait), within
    the scan's delay budget."""

    def __init__(self, control: ScanControl, *, gate: QuietGate | None = None, budget: float = TIMING_BUDGET,
                 max_requests: int = MAX_TIMED_REQUESTS) -> None:
        self.control = control
        self.gate = gate or QuietGate(control)
        self.budget = budget
        self.max_requests = max_requests
        self.spent = 0.0
        self.requests = 0
        self._lane = threading.Lock()
        self._books = threading.Lock()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for the lane and a quiet target (a stopped scan ends the wait), measure, give it back."""
        while not self._lane.acquire(timeout=0.1):
            self.control.check()
        try:
            with self.gate.quiet():
                yield
        finally:
            self._lane.release()

    def spend(self, seconds: float) -> bool:
        """Reserve `seconds` of deliberate delay; False when the budget would be exceeded."""
        with self._books:
            if self.spent + seconds > self.budget:
                return False
            self.spent += seconds
            return True

    def count(self) -> bool:
        """Account for one timed request; False when the lane's request budget is spent."""
        with self._books:
            if self.requests >= self.max_requests:
                return False
            self.requests += 1
            return True


@dataclass(frozen=True, slots=True)
class Delay:
    """A way to make the target wait: `payload(amount)` and a same-length `control(amount)` that
    does not. For sleeps the amount is seconds; for a heavy query (`heavy`), rows to count."""

    name: str
    payload: Callable[[float], str]
    control: Callable[[float], str]
    heavy: bool = False


@dataclass(frozen=True, slots=True)
class DelayProof:
    delay: Delay
    evidence: tuple[tuple[Reply, str], ...]
    proof: Reply
    """The long delay's answer (what the curl line replays)."""
    why: str


@dataclass(frozen=True, slots=True)
class NoDelay:
    reason: str
    self_delaying: bool = False
    """The control waited too: the input delays the answer whatever it says."""


class BudgetSpent(Exception):
    """The scan's timing budget is spent: no more timing tests."""


Send = Callable[[str], Reply]


def prove_delay(send: Send, delay: Delay, *, plain: Reply, lane: TimingLane, floor: float | None = None
                ) -> DelayProof | NoDelay:
    """Prove that `delay`'s payload makes the target wait, or say why not; raises `BudgetSpent`.
    Times are compared with `floor`, the quickest answer the input got (else the plain one's).

    One screening request runs outside the lane (a fast answer proves there is no delay, whatever
    else loads the target); only a slow one earns the measured sequence on the lane, where each
    payload follows its control, so an input that waits whatever it is given costs one sequence.
    """
    timed = _Timed(send, lane)
    quickest = min(plain.elapsed, floor if floor is not None else plain.elapsed)
    screening = timed(delay.payload(HEAVY_PROBE_ROWS if delay.heavy else SHORT))
    if screening.elapsed < quickest + (HEAVY_MIN_SIGNAL if delay.heavy else SLOW * SHORT):
        return NoDelay(f"{delay.name}: no delay")
    with lane.turn():
        limit = quickest + FAST * SHORT
        scale = 1.0
        if delay.heavy:
            probe_control = timed(delay.control(HEAVY_PROBE_ROWS))
            if probe_control.elapsed > limit:
                return NoDelay(f"{delay.name}: the control waited too", self_delaying=True)
            # Two sizes: their difference is the work alone, without the request's fixed cost.
            small = timed(delay.payload(HEAVY_PROBE_ROWS))
            large = timed(delay.payload(HEAVY_PROBE_ROWS * HEAVY_PROBE_GROWTH))
            extra = large.elapsed - small.elapsed
            if extra < HEAVY_MIN_SIGNAL * (HEAVY_PROBE_GROWTH - 1):
                return NoDelay(f"{delay.name}: the time did not grow with the work asked")
            scale = min(HEAVY_PROBE_ROWS * (HEAVY_PROBE_GROWTH - 1) / extra,
                        HEAVY_PROBE_ROWS * HEAVY_MAX_SCALE / LONG)
        amount = (lambda seconds: round(seconds * scale)) if delay.heavy else (lambda seconds: seconds)
        short_control = timed(delay.control(amount(SHORT)))
        if short_control.elapsed > limit:
            return NoDelay(f"{delay.name}: the control waited too ({short_control.elapsed:.2f} s)", self_delaying=True)
        slow = HEAVY_SLOW if delay.heavy else SLOW
        short = timed(delay.payload(amount(SHORT)))
        extra = short.elapsed - short_control.elapsed
        if delay.heavy and HEAVY_MIN_SIGNAL <= extra < slow * SHORT:
            # The sizing queries met a busier target than this one: size the work again from it, once.
            scale = min(scale * min(SHORT / extra, HEAVY_RESIZE), HEAVY_PROBE_ROWS * HEAVY_MAX_SCALE / LONG)
            short_control = timed(delay.control(amount(SHORT)))
            short = timed(delay.payload(amount(SHORT)))
        if short.elapsed < short_control.elapsed + slow * SHORT:
            return NoDelay(f"{delay.name}: slow once, then no delay")
        if not lane.spend(SHORT + LONG):
            raise BudgetSpent("the scan's timing budget is spent")
        long_control = timed(delay.control(amount(LONG)))
        long = timed(delay.payload(amount(LONG)))
        if long_control.elapsed > limit:
            return NoDelay(f"{delay.name}: the control of the long delay waited too ({long_control.elapsed:.2f} s)",
                           self_delaying=True)
        short_extra, long_extra = short.elapsed - short_control.elapsed, long.elapsed - long_control.elapsed
        tracks = long_extra >= HEAVY_TRACKS * short_extra if delay.heavy else \
            long.elapsed - short.elapsed >= TRACKS * (LONG - SHORT)
        if long_extra < slow * LONG or not tracks:
            return NoDelay(f"{delay.name}: unconfirmed, the delay did not follow the payload "
                           f"({short.elapsed:.2f} s when asked {SHORT:g} s, {long.elapsed:.2f} s when asked {LONG:g} s)")
    asked = (f"given work sized to take about {SHORT:g} s and {LONG:g} s ({delay.name})" if delay.heavy
             else f"asked to wait {SHORT:g} s and {LONG:g} s ({delay.name})")
    why = (
        f"{asked}, the target answered after {short.elapsed:.2f} s "
        f"and {long.elapsed:.2f} s, while same-length controls answered after {short_control.elapsed:.2f} s "
        f"and {long_control.elapsed:.2f} s (plain value {plain.elapsed:.2f} s)"
    )
    evidence = (
        (plain, "plain value"), (short_control, f"control for {SHORT:g} s"), (short, f"asks for {SHORT:g} s"),
        (long_control, f"control for {LONG:g} s"), (long, f"asks for {LONG:g} s"),
    )
    return DelayProof(delay=delay, evidence=evidence, proof=long, why=why)


class _Timed:
    def __init__(self, send: Send, lane: TimingLane) -> None:
        self.send = send
        self.lane = lane

    def __call__(self, value: str) -> Reply:
        if not self.lane.count():
            raise BudgetSpent("the scan's timing request budget is spent")
        return self.send(value)


def timed_timeout() -> float:
    """The timeout of one timed request: enough for the long delay and a slow target."""
    return LONG * 3 + 2.0
