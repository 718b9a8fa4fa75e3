"""ReDoS: an input matched by a backtracking regular expression takes super-linear time to reject.

Candidates: inputs whose documented `pattern` nests quantifiers, and inputs named like text that
servers validate with regular expressions. The input (a pumped character and a tail the pattern
rejects) grows in small steps; each step is sent only when the time the last ones took predicts
it stays under a couple of seconds. The first clear super-linear rise ends the growth; the largest
and the smallest rising steps are re-sent (slow and fast again: the length, not the moment, made the
difference), and the plain value must still get its usual answer afterwards.
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, not_tried, passed, unconfirmed
from scans.engine.checks.inputs import Injector, InputPoint, text_points
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.timing import BudgetSpent, TimingLane
from scans.engine.http.reply import Reply
from scans.engine.owasp import Owasp

NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]")
REGEX_WORDS = frozenset({"email", "mail", "tag", "slug", "pattern", "regex", "regexp", "filter", "match", "phone",
                         "username", "domain", "host", "url", "uri"})
PUMPS = "a0A-_. "
TAILS = "!@#~?"
SIZES = (8, 12, 16, 18, 20, 22, 24, 26, 28, 30, 32, 40, 48, 64, 256, 1024, 4096, 16384, 32768)
"""Sizes tried while answers stay fast (no lane needed); from the first slow one, growth goes on in
single characters (exponential patterns double their time per character or so) or doublings."""
EXPONENTIAL_RANGE = 64
MAX_SECONDS = 2.0
"""No step is sent whose predicted time exceeds this; none is waited for longer than twice it."""
NOISE = 0.02
SIGNAL_SECONDS = 0.3
"""The slowest step must take at least this long over the plain answer."""
SUPER_LINEAR = 3.0
"""Time must grow this many times faster than the input's length across the rising steps."""
WORST_GROWTH_PER_CHAR = 2.5
"""Growth per added character assumed before two slow steps show the real one, and the most any
measurement is believed (backtracking patterns roughly double per character)."""


@check(
    name="redos",
    title="Regular expression denial of service (ReDoS)",
    owasp=Owasp.API4,
    cwe=1333,
    score=55,
    remediation=(
        "Validate input with linear-time regular expressions (RE2, Rust's regex, or patterns without nested or "
        "overlapping quantifiers), cap input length before matching, and time-limit matching where the engine "
        "allows it."
    ),
    agent=Agent.INJECTION,
)
def redos(plan: PlanContext) -> Iterator[Probe]:
    """A probe per input with a nested-quantifier pattern or a name servers validate with regexes."""
    for point in text_points(plan.kb):
        attack = _attack(point)
        if attack is not None:
            yield plan.probe(point.operation, partial(_probe, point=point, pump=attack[0], tail=attack[1]),
                             key=point.key)


def _attack(point: InputPoint) -> tuple[str, str] | None:
    """The character to repeat and the tail to end with, or None when the input is no candidate."""
    pattern = point.schema.get("pattern") if hasattr(point.schema, "get") else None
    if isinstance(pattern, str) and NESTED_QUANTIFIER.search(pattern):
        try:
            compiled = re.compile(pattern)
        except re.error:
            return None
        # Short inputs only: even a catastrophic pattern rejects these at once.
        pump = next((char for char in PUMPS if compiled.search(char * 6)), None)
        tail = next((char for char in TAILS if pump and not compiled.search(pump * 6 + char)), None)
        if pump and tail:
            return pump, tail
    words = set(re.split(r"[^a-z]+", point.name.lower()))
    return ("a", "!") if words & REGEX_WORDS else None


def _probe(ctx: ProbeContext, *, point: InputPoint, pump: str, tail: str) -> Verdict:
    injector = Injector(ctx, point)
    plain = injector.plain()
    if plain.status == 0:
        return passed("the plain value got no answer")
    lane = ctx.services.timing
    steps: list[tuple[int, float, Reply]] = []
    try:
        # Fast steps need no lane: only a slow answer is worth measuring without interference.
        first_slow = _screen(injector, steps, pump, tail, lane)
        if not first_slow:
            return passed(f"no super-linear growth up to {steps[-1][0] if steps else 0} characters")
        base = injector.fastest
        with lane.turn():
            rising = _grow(injector, base, steps, first_slow, pump, tail, lane)
            if not rising:
                return passed(f"no super-linear growth up to {steps[-1][0] if steps else 0} characters")
            size, seconds, _ = rising[-1]
            again = _send(injector, pump * size + tail, lane)
            shorter = _send(injector, pump * rising[0][0] + tail, lane)
            after = injector.send(injector.base_value, timeout=MAX_SECONDS * 2)
    except BudgetSpent as exc:
        return not_tried(f"not tried further: {exc}")
    slow_again = again.elapsed - base
    if slow_again < (seconds - base) / 2 or shorter.elapsed - base > slow_again / 2:
        return unconfirmed(f"{size} characters took {seconds:.2f} s, then {again.elapsed:.2f} s; "
                      f"{rising[0][0]} characters took {shorter.elapsed:.2f} s on the repeat")
    still = "it still answers" if after.status == plain.status else f"it answered {after.status or after.error} after"
    if after.status != plain.status:
        ctx.events.warn(f"{point.operation.key} answered {after.status or after.error} after the ReDoS test")
    timeline = ", ".join(f"{length} chars {elapsed:.2f} s" for length, elapsed, _ in rising)
    return found(ctx.finding(
        operation=point.operation,
        proof=again,
        parameter=point.name,
        why=(
            f"rejecting {pump!r}×n + {tail!r} in the {point.label} takes time that grows far faster than n ({timeline}; "
            f"plain value {plain.elapsed:.2f} s); repeated, the largest took {again.elapsed:.2f} s and the smallest "
            f"{shorter.elapsed:.2f} s again; {still}"
        ),
        description=(
            f"{point.operation.method} {point.operation.path} matches its {point.label} with a backtracking regular "
            f"expression: a few dozen characters keep a server thread busy for seconds, so a handful of requests "
            "can exhaust the service. The test stopped at the first clear rise."
        ),
        evidence=[(plain, "plain value"), *((reply, f"{length} characters") for length, _, reply in rising[-2:]),
                  (again, "largest step repeated"), (shorter, "smallest rising step repeated"),
                  (after, "plain value after the test")],
    ))


def _send(injector: Injector, value: str, lane: TimingLane) -> Reply:
    if not lane.count():
        raise BudgetSpent("the scan's timing request budget is spent")
    return injector.send(value, timeout=MAX_SECONDS * 2, retry_throttled=False)


def _screen(injector: Injector, steps: list[tuple[int, float, Reply]], pump: str, tail: str,
            lane: TimingLane) -> int:
    """Send growing inputs while they answer fast; the first size that answers slowly, or 0."""
    for size in SIZES:
        reply = _send(injector, pump * size + tail, lane)
        if reply.status == 0:
            return 0
        if reply.elapsed - injector.fastest > NOISE:
            return size
        steps.append((size, reply.elapsed, reply))
    return 0


def _next_size(size: int) -> int:
    """One character more while exponential growth is possible, then doubling (polynomial growth)."""
    return size + 1 if size < EXPONENTIAL_RANGE else size * 2


def _grow(injector: Injector, base: float, steps: list[tuple[int, float, Reply]], first_slow: int, pump: str,
          tail: str, lane: TimingLane) -> list[tuple[int, float, Reply]]:
    """From the first slow size, grow while the predicted time allows (each slow step timed twice,
    the faster kept); the rising steps once the rise is clear."""
    size = first_slow
    while size <= SIZES[-1]:
        slow = [(length, elapsed - base) for length, elapsed, _ in steps if elapsed - base > NOISE]
        if _predicted(slow, size) > MAX_SECONDS:
            break
        reply = _send(injector, pump * size + tail, lane)
        if reply.status == 0:
            break
        if reply.elapsed - base > NOISE:
            # Slow steps are timed twice and the faster kept: a moment of load is not growth.
            second = _send(injector, pump * size + tail, lane)
            reply = min(reply, second, key=lambda answer: answer.elapsed if answer.status else float("inf"))
        steps.append((size, reply.elapsed, reply))
        rising = _rising(steps, base)
        if rising:
            return rising
        size = _next_size(size)
    return []


def _predicted(slow: list[tuple[int, float]], size: int) -> float:
    """The time `size` characters would take if the rise so far goes on (exponentially, per character)."""
    if not slow:
        return 0.0
    last_size, last_extra = slow[-1]
    per_char = math.log(WORST_GROWTH_PER_CHAR)
    if len(slow) > 1:
        # A measured rise steeper than the worst per character is a moment of load, not the pattern.
        earlier_size, earlier_extra = slow[-2]
        per_char = min(max(math.log(last_extra / earlier_extra) / max(1, last_size - earlier_size), 0.0), per_char)
    exponent = math.log(last_extra) + per_char * (size - last_size)
    return math.exp(min(exponent, math.log(MAX_SECONDS * 1000)))


def _rising(steps: list[tuple[int, float, Reply]], base: float) -> list[tuple[int, float, Reply]]:
    """The last steps, if they rise together super-linearly to a clear delay over `base` seconds."""
    tail = [step for step in steps if step[1] - base > NOISE][-3:]
    if len(tail) < 3 or tail[-1][1] - base < SIGNAL_SECONDS:
        return []
    if any(later[1] <= earlier[1] for earlier, later in itertools.pairwise(tail)):
        return []
    time_growth = (tail[-1][1] - base) / (tail[0][1] - base)
    length_growth = tail[-1][0] / tail[0][0]
    return tail if time_growth >= SUPER_LINEAR * length_growth else []
