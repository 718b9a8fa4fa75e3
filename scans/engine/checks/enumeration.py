"""API2 User enumeration: login or password-reset answers tell a known account from an unknown one.

A known account (a sacrificial one, else a configured identity for login, at most two wrong
passwords) and two unknown names are sent; the unknown ones must answer alike (else the answer is
noise), the known one differently (status or body, with the submitted names masked). Repeated once.
Answers are refusals by what they say, not by status: a throttled answer or a credential coming back
(`login_answers`) is no signal, whatever its status.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from scans.engine.agents.accounts import account_values, new_credentials
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, unconfirmed
from scans.engine.checks.login_answers import credential_in, is_throttled
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Reply
from scans.engine.kb import jsondata
from scans.engine.kb.operations import body_properties, is_login_operation, is_reset_operation, username_field
from scans.engine.model import Operation
from scans.engine.owasp import Owasp


@check(
    name="user_enumeration",
    title="User enumeration through distinguishable answers",
    owasp=Owasp.API2,
    cwe=204,
    score=40,
    remediation=(
        "Answer login and password-reset requests identically whether or not the account exists (same "
        "status, same body, similar timing), e.g. 'if the account exists, an email was sent'."
    ),
    agent=Agent.AUTH,
)
def user_enumeration(plan: PlanContext) -> Iterator[Probe]:
    """A probe per login and password-reset operation."""
    for op in plan.kb.description.operations:
        if is_login_operation(op) or is_reset_operation(op):
            yield plan.probe(op, partial(_probe, op=op), key=op.key)


def _known_account(ctx: ProbeContext, op: Operation) -> tuple[str, str, str] | None:
    """User name, email and real password of an account that exists."""
    account = ctx.kb.sacrificial("enumeration")
    if account is not None:
        return account.username, account.email, account.password
    if is_reset_operation(op):
        return None
    identity = next((i for i in ctx.kb.identities if i.username and i.password and not i.self_service), None)
    if identity is None:
        return None
    email = identity.self_info.email or (identity.username if "@" in identity.username else "")
    return identity.self_info.username or identity.username, email or identity.username, identity.password


def _body(op: Operation, *, username: str, email: str, password: str) -> dict[str, Any]:
    values = account_values(dict(body_properties(op)), username=username, email=email, password=password)
    return values


def _signature(reply: Reply, submitted: tuple[str, ...]) -> tuple[int, str]:
    """Status and body with the submitted names and volatile values masked."""
    text = json.dumps(jsondata.normalize(reply.data), sort_keys=True) if reply.is_json else reply.text
    for value in submitted:
        if value:
            text = text.replace(value, "<account>")
    return reply.status, re.sub(r"\s+", " ", text)


def _probe(ctx: ProbeContext, *, op: Operation) -> Verdict:
    known = _known_account(ctx, op)
    if known is None:
        return passed("no known account to compare with (no sign-up operation, no configured login)")
    username, email, password = known
    field = username_field(dict(body_properties(op)))
    if not field:
        return passed("the body names no account field")

    def attempt(name: str, mail: str) -> tuple[Reply, tuple[int, str]]:
        wrong = "Wrong-" + ctx.token("pw")
        body = _body(op, username=name, email=mail, password=wrong)
        reply = ctx.send(ctx.call(op, known=body), ctx.kb.anonymous, retry_throttled=False)
        return reply, _signature(reply, (name, mail))

    def unknown() -> tuple[Reply, tuple[int, str]]:
        name, mail, _ = new_credentials()
        return attempt(name, mail)

    known_reply, known_sig = attempt(username, email)
    first_unknown, unknown_sig = unknown()
    _, unknown_sig_2 = unknown()
    if known_sig[0] >= 500 or unknown_sig[0] >= 500 or 0 in (known_sig[0], unknown_sig[0]):
        return passed(f"server errors ({known_reply.status}/{first_unknown.status}) are no signal")
    if any(is_throttled(reply) or credential_in(reply) for reply in (known_reply, first_unknown)):
        return passed(f"the answers ({known_reply.status}/{first_unknown.status}) are not both refusals: "
                      "throttled, or a credential came back")
    if unknown_sig != unknown_sig_2:
        return passed("answers differ between two unknown accounts: no stable signal to compare")
    if known_sig == unknown_sig:
        return passed("known and unknown accounts get the same answer")
    confirm_known, confirm_known_sig = attempt(username, email)
    confirm_unknown, confirm_unknown_sig = unknown()
    if confirm_known_sig != known_sig or confirm_unknown_sig != unknown_sig:
        return unconfirmed("the difference between known and unknown accounts did not repeat")
    differs = "status" if known_sig[0] != unknown_sig[0] else "body"
    return found(ctx.finding(
        operation=op,
        proof=confirm_known,
        parameter=field,
        why=(
            f"for an existing account {op.key} answers {confirm_known.status}, for unknown ones "
            f"{confirm_unknown.status}; the {differs} differs, consistently over two rounds"
        ),
        description=(
            f"{op.method} {op.path} tells whether an account exists ({differs} differs), so an attacker can "
            "build a list of valid user names to attack."
        ),
        evidence=[(confirm_known, "existing account"), (confirm_unknown, "unknown account"),
                  (first_unknown, "another unknown account")],
        identity="anonymous",
    ))
