"""API2 Broken authentication: an operation the description secures answers without a credential,
or with a garbage one, the way it answers an authenticated identity.

Only operations whose security the description declares are tested (public is not broken), and
only answers with substance count: a bare `{"status": "ok"}` proves nothing. The unauthenticated
answer must resemble the authenticated one and come back the same on a second request.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, skipped, unconfirmed
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.tokens import garbage
from scans.engine.findings import Confidence
from scans.engine.http.reply import Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb import jsondata
from scans.engine.kb.operations import is_auth_operation
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

MIN_FIELDS = 3
"""An answer with fewer scalar fields is too thin to prove data was served."""
GENERIC_DATA_SCORE = 65
"""Score when the data served carries nothing of the caller's own (the description may just be wrong)."""


@check(
    name="auth_bypass",
    title="Secured operation answers without valid credentials",
    owasp=Owasp.API2,
    cwe=306,
    score=85,
    remediation=(
        "Enforce authentication on every operation the API declares as secured, in one place (a "
        "default-deny middleware or framework setting) rather than per handler; reject missing and "
        "invalid credentials with 401 before any data is read."
    ),
    agent=Agent.AUTH,
)
def auth_bypass(plan: PlanContext) -> Iterator[Probe]:
    """A probe per GET operation the description secures (credential handling ones aside)."""
    for op in plan.kb.description.operations:
        if op.kind == "rest" and op.method == "GET" and op.is_secured and not is_auth_operation(op):
            yield plan.probe(op, partial(_probe, op=op), key=op.key)


def _substantial(reply: Reply) -> bool:
    return reply.is_json and sum(1 for _ in jsondata.leaves(reply.data)) >= MIN_FIELDS


def _baseline(ctx: ProbeContext, op: Operation) -> tuple[Reply, Identity] | None:
    for observation in ctx.kb.observations(op):
        identity = ctx.kb.identity(observation.identity)
        if identity is not None and not identity.is_anonymous and ctx.kb.is_success(observation.reply, op):
            return observation.reply, identity
    return None


def _served(ctx: ProbeContext, op: Operation, reply: Reply, baseline: Reply) -> bool:
    if not ctx.kb.is_success(reply, op) or not _substantial(reply):
        return False
    return jsondata.key_shape(reply.data) == jsondata.key_shape(baseline.data)


def _probe(ctx: ProbeContext, *, op: Operation) -> Verdict:
    found_baseline = _baseline(ctx, op)
    if found_baseline is None:
        return skipped("no identity got an answer to compare with")
    baseline, identity = found_baseline
    call = next(obs.call for obs in ctx.kb.observations(op) if obs.reply is baseline)
    if not _substantial(baseline):
        return skipped("the authenticated answer is too thin to compare")
    attempts = (("no credentials", ctx.kb.anonymous), ("a garbage token", garbage(identity, ctx.token("x"))))
    for label, intruder in attempts:
        first = ctx.send(call, intruder)
        if not _served(ctx, op, first, baseline):
            continue
        second = ctx.send(call, intruder)
        if not _served(ctx, op, second, baseline):
            return unconfirmed(f"answered once with {label}, then refused ({second.status})")
        personal = any(value in second.text for value in identity.self_info.values)
        why = (
            f"{op.method} {op.path} is secured in the description but answered {second.status} with {label}, "
            f"the same kind of data {identity.name} gets ({jsondata.likeness(baseline.data, second.data):.0%} alike)"
            + (f", including {identity.name}'s own identifiers" if personal else "") + ", twice"
        )
        return found(ctx.finding(
            operation=op,
            proof=second,
            why=why,
            description=(
                f"{op.method} {op.path} requires authentication according to the API description, but serves its "
                f"data to a caller with {label}."
            ),
            evidence=[(baseline, f"{identity.name}'s answer"), (second, f"answer with {label}")],
            identity=intruder.name,
            score=None if personal else GENERIC_DATA_SCORE,
            confidence=Confidence.HIGH if personal else Confidence.MEDIUM,
        ))
    return passed("refused without credentials and with a garbage token")
