"""Time-based tests of one input: delays tried in turn, the first proven one reported."""
from __future__ import annotations

from collections.abc import Iterable

from scans.engine.checks.context import ProbeContext, Verdict, found, not_tried
from scans.engine.checks.inputs import Injector
from scans.engine.checks.timing import BudgetSpent, Delay, DelayProof, prove_delay, timed_timeout
from scans.engine.http.reply import Reply


def timed_finding(
    ctx: ProbeContext,
    injector: Injector,
    plain: Reply,
    delays: Iterable[Delay],
    *,
    title: str,
    description: str,
    prefix: str,
) -> Verdict | str:
    """A finding for the first of `delays` proven on the injector's input (a not-tried verdict once the
    scan's timing budget is spent), or why there is none.

    `title` and `description` may name `{name}` (the delay), `{label}` (the input) and `{op}`.
    An input found to delay whatever it is given is remembered, so no other check times it.
    """
    point = injector.point
    services = ctx.services
    if point.key in services.self_delaying:
        return f"{prefix}: the input delays the answer whatever it says; timing proves nothing there"
    if plain.status == 0:
        return f"{prefix}: the plain value got no answer"

    def send(value: str) -> Reply:
        return injector.send(value, timeout=timed_timeout(), retry_throttled=False)

    reasons = []
    for delay in delays:
        if point.key in services.self_delaying:
            return f"{prefix}: the input delays the answer whatever it says; timing proves nothing there"
        try:
            outcome = prove_delay(send, delay, plain=plain, lane=services.timing, floor=injector.fastest)
        except BudgetSpent as exc:
            return not_tried(f"{prefix}: {exc}")
        if isinstance(outcome, DelayProof):
            op = point.operation
            names = {"name": delay.name, "label": point.label, "op": f"{op.method} {op.path}"}
            return found(ctx.finding(
                operation=op,
                proof=outcome.proof,
                parameter=point.name,
                title=title.format(**names),
                why=f"in the {point.label}, {outcome.why}",
                description=description.format(**names),
                evidence=list(outcome.evidence),
            ))
        if outcome.self_delaying:
            services.self_delaying.add(point.key)
            return f"{prefix}: {outcome.reason}; the input delays the answer whatever it says"
        reasons.append(outcome.reason)
    return f"{prefix}: no delay followed the payloads ({'; '.join(reasons)})"
