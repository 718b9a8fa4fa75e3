"""API6 Sensitive business flows: sign-up open to automation. Ten sign-ups in a row from one
client, with fresh accounts, all succeed with no CAPTCHA field, 429, lock message or slowdown.
What cannot be seen from outside (e-mail verification before the account is usable, fraud scoring)
lowers the confidence, so it is labelled medium. Runs after every other probe."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from scans.engine.agents.accounts import new_credentials, signup_call
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, skipped
from scans.engine.checks.login_answers import is_throttled
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Confidence
from scans.engine.http.reply import Reply
from scans.engine.kb.operations import body_properties
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

SIGN_UPS = 10
CHALLENGE = re.compile(r"captcha|recaptcha|hcaptcha|turnstile|challenge|proof.?of.?work", re.IGNORECASE)


@check(
    name="signup_automation",
    title="Sign-up open to automation",
    owasp=Owasp.API6,
    cwe=799,
    score=40,
    remediation=(
        "Protect sign-up against automation: rate-limit per client and network, add a challenge (CAPTCHA, "
        "proof of work) when volume rises, verify e-mail or phone before an account can act, and watch for bursts."
    ),
    agent=Agent.ABUSE,
)
def signup_automation(plan: PlanContext) -> Iterator[Probe]:
    """One probe on the sign-up operation, run after every other probe."""
    op = plan.kb.signup_operation
    if op is not None:
        probe = plan.probe(op, partial(_probe, op=op), key=op.key)
        yield Probe(probe.operation, probe.run, probe.key, final=True)


def _sign_up(ctx: ProbeContext, op: Operation) -> Reply:
    username, email, password = new_credentials(op)
    return ctx.send(signup_call(op, username=username, email=email, password=password), ctx.kb.anonymous,
                    retry_throttled=False)


def _probe(ctx: ProbeContext, *, op: Operation) -> Verdict:
    challenges = [name for name in body_properties(op) if CHALLENGE.search(name)]
    if challenges:
        return skipped(f"sign-up asks for {', '.join(challenges)}: a challenge the scan does not solve")
    replies = []
    for number in range(1, SIGN_UPS + 1):
        reply = _sign_up(ctx, op)
        replies.append(reply)
        if is_throttled(reply):
            return passed(f"throttled after {number} sign-ups ({reply.status})")
        if not ctx.kb.is_success(reply, op):
            return passed(f"sign-up {number} was refused ({reply.status})")
    first, last = replies[0].elapsed, replies[-1].elapsed
    if last > 3 * first + 0.25:
        return passed(f"sign-ups slowed down from {first * 1000:.0f} ms to {last * 1000:.0f} ms")
    username, email, password = new_credentials(op)
    curl = ctx.client.curl(signup_call(op, username=username, email=email, password=password), ctx.kb.anonymous)
    return found(ctx.finding(
        operation=op,
        proof=replies[-1],
        why=(
            f"{SIGN_UPS} sign-ups in a row from one client, each with a fresh account, were all accepted "
            f"({replies[-1].status}) with no challenge field, no 429 or lock message and no slowdown"
        ),
        description=(
            f"{op.method} {op.path} lets a script create accounts in bulk (fake accounts, referral abuse, spam). "
            "Defences invisible from outside (verification before the account can act, fraud scoring) may exist, "
            "hence medium confidence. The curl line signs up one more fresh account."
        ),
        evidence=[(replies[0], "sign-up 1"), (replies[-1], f"sign-up {SIGN_UPS}")],
        confidence=Confidence.MEDIUM,
        curl=curl,
    ))
