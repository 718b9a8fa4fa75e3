"""API4 No rate limiting on sensitive or expensive operations (password reset, one-time codes,
verification, exports, reports): a bounded burst of 30 identical requests, sent one after the
other, meets no 429, no Retry-After, no lock message and no slowdown. Runs after every other probe.
Account fields are filled with an account the scan created, so no real user gets the resets."""
from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import identity_for
from scans.engine.checks.login_answers import is_throttled
from scans.engine.checks.objects import json_body
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Call, Reply
from scans.engine.http.safety import name_words
from scans.engine.kb.operations import body_properties, is_login_operation, is_signup_operation
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

SENSITIVE_WORDS = frozenset({
    "reset", "forgot", "recover", "recovery", "otp", "totp", "2fa", "mfa", "verify", "verification",
    "export", "exports", "report", "reports", "pdf", "render", "generate",
})
BURST = 30
EDGE = 5
SLOWDOWN = 3.0
"""The burst's last answers may take at most this many times as long as its first ones."""


def sensitive(op: Operation) -> bool:
    words = set(name_words(op.path.replace("{", "/").replace("}", "/"), op.operation_id))
    return bool(words & SENSITIVE_WORDS) and not (is_login_operation(op) or is_signup_operation(op))


@check(
    name="no_rate_limit",
    title="No rate limiting on a sensitive operation",
    owasp=Owasp.API4,
    cwe=770,
    score=35,
    remediation=(
        "Rate-limit sensitive and expensive operations per client and per account (token bucket at the gateway "
        "or in the app), answer 429 with Retry-After, and queue expensive work."
    ),
    agent=Agent.ABUSE,
)
def no_rate_limit(plan: PlanContext) -> Iterator[Probe]:
    """A probe per sensitive or expensive operation, run after every other probe."""
    for op in plan.kb.description.operations:
        if op.kind == "rest" and "{" not in op.path and op.method in ("GET", "POST") and sensitive(op):
            probe = plan.probe(op, partial(_probe, op=op), key=op.key)
            yield Probe(probe.operation, probe.run, probe.key, final=True)


def _call(ctx: ProbeContext, op: Operation) -> Call:
    """The operation's call, account fields set to an account the scan created."""
    account = next(iter(ctx.kb.sacrificial_accounts), None)
    if account is None or op.request_body is None:
        return ctx.call(op)
    body = json_body(ctx.call(op).body)
    if body is None:
        return ctx.call(op)
    for name in body_properties(op):
        lowered = name.lower()
        if "mail" in lowered:
            body[name] = account.email
        elif "user" in lowered or "login" in lowered:
            body[name] = account.username
    return ctx.call(op, body=body)


def _probe(ctx: ProbeContext, *, op: Operation) -> Verdict:
    identity = identity_for(ctx, op)
    call = _call(ctx, op)
    replies: list[Reply] = []
    started = time.monotonic()
    for number in range(1, BURST + 1):
        reply = ctx.send(call, identity, retry_throttled=False)
        replies.append(reply)
        if is_throttled(reply):
            return passed(f"throttled after {number} requests ({reply.status})")
        if number == 1 and not (200 <= reply.status < 300):
            return passed(f"answered {reply.status}, not a success: nothing to burst")
        if reply.status != replies[0].status:
            return passed(f"the answer changed after {number} requests ({replies[0].status} → {reply.status})")
    elapsed = time.monotonic() - started
    first = statistics.median(reply.elapsed for reply in replies[:EDGE])
    last = statistics.median(reply.elapsed for reply in replies[-EDGE:])
    if last > SLOWDOWN * first + 0.25:
        return passed(f"the answers slowed down from {first * 1000:.0f} ms to {last * 1000:.0f} ms")
    return found(ctx.finding(
        operation=op,
        proof=replies[-1],
        why=(
            f"{BURST} identical requests in {elapsed:.1f} s were all answered {replies[-1].status}, with no 429, "
            f"Retry-After or lock message and no slowdown (median {first * 1000:.0f} ms first, "
            f"{last * 1000:.0f} ms last)"
        ),
        description=(
            f"{op.method} {op.path} is sensitive or expensive and can be called as fast as a client likes: it can "
            "be used to flood an account with messages, guess codes, or exhaust the server."
        ),
        evidence=[(replies[0], "request 1"), (replies[-1], f"request {BURST}")],
    ))
