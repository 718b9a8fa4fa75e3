"""API8 TRACE/TRACK enabled: the server echoes a TRACE (or IIS's TRACK) request back, headers
included, which lets scripts read headers they should not (cross-site tracing). A header with a
random value must come back in the body; re-sent with another value."""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Call, Reply
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

METHODS = ("TRACE", "TRACK")
HEADER = "X-Nat-Trace"


@check(
    name="http_trace",
    title="TRACE/TRACK method enabled",
    owasp=Owasp.API8,
    cwe=693,
    score=30,
    remediation="Disable TRACE and TRACK on the server and every proxy in front of it (answer 405).",
    agent=Agent.CONFIGURATION,
)
def http_trace(plan: PlanContext) -> Iterator[Probe]:
    """One probe, on the first read without path parameters."""
    op = next((op for op in plan.kb.description.operations
               if op.kind == "rest" and op.method == "GET" and "{" not in op.path), None)
    if op is not None:
        yield plan.probe(op, partial(_probe, op=op), key="api")


def _trace(ctx: ProbeContext, op: Operation, method: str) -> tuple[Reply, str]:
    token = ctx.token("trace")
    call = Call(method, op.path, template=op.path, headers=((HEADER, token),))
    return ctx.send(call, ctx.kb.anonymous), token


def _probe(ctx: ProbeContext, *, op: Operation) -> Verdict:
    for method in METHODS:
        first, token = _trace(ctx, op, method)
        if not (first.ok and token in first.text):
            continue
        again, token = _trace(ctx, op, method)
        if not (again.ok and token in again.text):
            return passed(f"{method} echoed the request once, not on the repeat")
        return found(ctx.finding(
            operation=Operation(method=method, path=op.path),
            proof=again,
            title=f"{method} method enabled",
            why=f"{method} {op.path} answered {again.status} echoing the request's headers ({HEADER}: {token}), twice",
            description=(
                f"The server answers {method} by echoing the request, headers included: combined with another flaw, "
                "a script can read credentials from headers it could not otherwise see."
            ),
            evidence=[(first, f"{method} echoed"), (again, f"{method} echoed again")],
        ))
    return passed("TRACE and TRACK are not echoed")
