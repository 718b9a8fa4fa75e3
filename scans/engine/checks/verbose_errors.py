"""API8 Verbose errors: stack traces and framework debug pages in answers, by framework signature.

Runs after every other probe. Answers recon saw are read first; then malformed input (a quote-laden
string for a number or an id, a JSON body cut short) is sent to a bounded number of operations, in
description order, until one answers with a trace; last, the error answers other probes got (an
injection payload, any request of the scan). The request that brought the trace is re-sent and
must bring it again; reported once for the API (debug modes are global).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import Injector, can_inject, identity_for, input_points
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.signatures import framework_error
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb.knowledge import Observation
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

MAX_OPERATIONS = 40
MALFORMED = "nat'\"<>%{}"
BROKEN_JSON = b'{"nat": '


@check(
    name="verbose_errors",
    title="Stack traces or debug pages in error answers",
    owasp=Owasp.API8,
    cwe=209,
    score=35,
    remediation=(
        "Turn debug modes off in production (DEBUG=False, no Werkzeug debugger, no developer exception page) and "
        "answer errors with a generic body and an id to look up in the server's logs."
    ),
    agent=Agent.CONFIGURATION,
)
def verbose_errors(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the API."""
    operations = [op for op in plan.kb.description.operations if can_inject(op)]
    if operations:
        probe = plan.probe(operations[0], partial(_probe, operations=operations[:MAX_OPERATIONS]), key="api")
        yield Probe(probe.operation, probe.run, probe.key, final=True)


def _attempts(ctx: ProbeContext, op: Operation) -> Iterator[tuple[str, Call]]:
    """Malformed calls for `op`: one per number or id input, and a broken JSON body."""
    for point in input_points(op):
        if point.location in ("query", "path") and (point.is_number or point.location == "path"):
            yield point.name, Injector(ctx, point).call(MALFORMED)
    if op.request_body is not None and "json" in op.request_body.content_type:
        base = ctx.call(op)
        yield "body", dataclasses.replace(base, body=BROKEN_JSON, content_type="application/json")


def _probe(ctx: ProbeContext, *, operations: list[Operation]) -> Verdict:
    recon = [observation for op in ctx.kb.description.operations for observation in ctx.kb.observations(op)]
    verdict = _seen(ctx, recon, "an ordinary request")
    if verdict is not None:
        return verdict
    for op in operations:
        identity = identity_for(ctx, op)
        for parameter, call in _attempts(ctx, op):
            reply = ctx.send(call, identity)
            name, _ = framework_error(reply.text)
            if name:
                return _confirm(ctx, op, parameter, call, identity, reply, name)
    verdict = _seen(ctx, ctx.kb.traces(), "a request of another check")
    if verdict is not None:
        return verdict
    return passed(f"no stack trace or debug page in answers ({len(operations)} operations given malformed input, "
                  f"{len(ctx.kb.traces())} traces seen by other checks did not repeat)")


def _seen(ctx: ProbeContext, seen: list[Observation], cause: str) -> Verdict | None:
    """A finding from the first answer in `seen` whose trace comes back when its request is re-sent."""
    for observation in seen:
        name, _ = framework_error(observation.reply.text)
        if name:
            identity = ctx.kb.identity(observation.identity) or ctx.kb.anonymous
            verdict = _confirm(ctx, observation.operation, "", observation.call, identity, observation.reply, name,
                               cause=cause)
            if verdict.findings:
                return verdict
    return None


def _confirm(ctx: ProbeContext, op: Operation, parameter: str, call: Call, identity: Identity, first: Reply,
             name: str, *, cause: str = "") -> Verdict:
    again = ctx.send(call, identity)
    again_name, excerpt = framework_error(again.text)
    if again_name != name:
        return passed(f"a {name} came once on {op.key}, not on the repeat")
    cause = cause or (f"malformed {parameter}" if parameter == "body" else f"a malformed {parameter!r}")
    return found(ctx.finding(
        operation=op,
        proof=again,
        parameter=parameter,
        title=f"Verbose error: {name}",
        why=f"{cause} on {op.method} {op.path} is answered ({again.status}) with a {name} ({excerpt[:60]!r}), twice",
        description=(
            f"Errors are answered with a {name}, which shows code paths, library versions and sometimes settings "
            "or data. Reported once for the API: debug output is usually switched on globally."
        ),
        evidence=[(first, "first answer"), (again, "repeated")],
    ))
