"""API2 No lockout or throttling on login: a bounded burst of wrong passwords for a sacrificial
account meets no 429, lock or delay, and the right password still logs in; repeated once.

Answers are judged against the first wrong password's answer, not by status (`login_answers`): a
200 `{"status": "fail"}` is a refusal, a credential coming back is a login, and an answer that
changes during the burst (a lock the API words its own way) is no finding.

Only accounts the scan created are used: a real user is never locked out by a scan.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.agents.accounts import login_call
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, unconfirmed
from scans.engine.checks.login_answers import LoginAnswers, LoginResult, refusal_of
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import register_token
from scans.engine.identity.tokens import find_token
from scans.engine.kb.knowledge import SacrificialAccount
from scans.engine.kb.operations import body_properties, password_field
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

BURST = 10
CONFIRM_BURST = 5


@check(
    name="no_lockout",
    title="No lockout or throttling on login",
    owasp=Owasp.API2,
    cwe=307,
    score=50,
    remediation=(
        "Throttle failed logins per account and per client (exponential back-off or a temporary lock "
        "after a few failures), answer 429 with Retry-After, and alert on bursts."
    ),
    agent=Agent.AUTH,
)
def no_lockout(plan: PlanContext) -> Iterator[Probe]:
    """One probe on the login operation, with the account reserved for it."""
    account = plan.kb.sacrificial("lockout")
    op = plan.kb.login_operation
    if account is None or op is None:
        return
    primary = next(iter(plan.kb.identities), None)
    right = login_call(plan.kb, primary, username=account.username, email=account.email, password=account.password)
    wrong = login_call(plan.kb, primary, username=account.username, email=account.email,
                       password="Wrong-" + account.password[::-1])
    if right is None or wrong is None:
        return
    yield plan.probe(op, partial(_probe, op=op, account=account, right=right[0], wrong=wrong[0]), key=op.key)


def _burst(ctx: ProbeContext, wrong: Call, answers: LoginAnswers, count: int, done: int = 0) -> tuple[Reply, str]:
    """`count` wrong passwords in a row: the last answer, and why the burst stopped early ("" when it did not)."""
    for number in range(done + 1, count + 1):
        last = ctx.send(wrong, ctx.kb.anonymous, retry_throttled=False)
        result = answers.classify(last)
        if result is LoginResult.THROTTLED:
            return last, f"throttled after {number} wrong passwords ({last.status})"
        if result is LoginResult.LOGGED_IN:
            return last, f"a wrong password was accepted ({last.status}); not a login answer we understand"
        if result is LoginResult.CHANGED:
            return last, f"the answer to wrong password #{number} ({last.status}) is unlike the first: it may lock"
        if number == count:
            return last, ""
    raise ValueError(f"a burst sends at least one wrong password, not {count}")


def _probe(ctx: ProbeContext, *, op: Operation, account: SacrificialAccount, right: Call, wrong: Call) -> Verdict:
    first = ctx.send(wrong, ctx.kb.anonymous, retry_throttled=False)
    answers = refusal_of(first, (account.login_name, account.username, account.email))
    if answers is None:
        return passed(f"the first wrong password was not refused ({first.status}); not a login answer we understand")
    last_wrong, stopped = _burst(ctx, wrong, answers, BURST, done=1)
    if stopped:
        return passed(stopped)
    success = ctx.send(right, ctx.kb.anonymous, retry_throttled=False)
    _register(ctx, success, account)
    if answers.classify(success) is not LoginResult.LOGGED_IN:
        return passed(f"after {BURST} wrong passwords the right one was refused ({success.status}): the account locks")
    _, stopped = _burst(ctx, wrong, answers, CONFIRM_BURST)
    if stopped:
        return unconfirmed(f"{stopped} in the second burst")
    confirm = ctx.send(right, ctx.kb.anonymous, retry_throttled=False)
    _register(ctx, confirm, account)
    if answers.classify(confirm) is not LoginResult.LOGGED_IN:
        return unconfirmed(f"the right password was refused after the second burst ({confirm.status})")
    return found(ctx.finding(
        operation=op,
        proof=confirm,
        parameter=password_field(body_properties(op)) or "password",
        why=(
            f"{BURST} and then {CONFIRM_BURST} wrong passwords for the scan's account {account.login_name} met no "
            f"429, lock or delay, and the right password still logged in after each burst ({confirm.status})"
        ),
        description=(
            f"{op.method} {op.path} neither locks an account nor throttles repeated wrong passwords, which allows "
            f"online password guessing. To reproduce, send a wrong password {BURST} times, then this request "
            f"(account {account.login_name} was created by the scan)."
        ),
        evidence=[(last_wrong, f"wrong password #{BURST}"), (success, "right password after the burst"),
                  (confirm, "right password after the second burst")],
        identity="anonymous",
    ))


def _register(ctx: ProbeContext, reply: Reply, account: SacrificialAccount) -> None:
    token = find_token(reply.data if reply.is_json else None, reply.headers)
    if token:
        register_token(ctx.client.redactor, token, account.identity.placeholder or "NAT_TOKEN_SCAN")

