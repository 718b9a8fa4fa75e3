"""API5 Broken function level authorization: a regular identity uses an operation reserved to
privileged users (by path or tag words such as admin, or by a privileged security scope).

The operation must refuse anonymous callers (else it is public, not privileged) and answer the
regular identity with substance, twice; with a privileged identity known (configured, escalated
or forged), the regular answer must also look like the privileged one. State-changing operations
run only on objects the scan created; operations that wipe state run last, and only with
`allow_destructive`.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import (
    PlanContext,
    Probe,
    ProbeContext,
    Verdict,
    found,
    not_tried,
    passed,
    skipped,
    unconfirmed,
)
from scans.engine.checks.objects import create_object
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Confidence
from scans.engine.http.reply import Call, Reply
from scans.engine.kb import jsondata
from scans.engine.kb.operations import is_auth_operation, is_wipe, privilege_reason
from scans.engine.kb.resources import path_params
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

ALIKE = 0.5


@check(
    name="bfla",
    title="Broken function level authorization",
    owasp=Owasp.API5,
    cwe=285,
    score=80,
    remediation=(
        "Deny by default: check the caller's role or scope in every privileged operation (a decorator or "
        "policy on the route, not the client hiding the button), and test each admin route with a "
        "regular account."
    ),
    agent=Agent.AUTHORIZATION,
    rerun_with_new_identities=True,
)
def bfla(plan: PlanContext) -> Iterator[Probe]:
    """A probe per operation that looks privileged; wiping ones are planned last."""
    kb = plan.kb
    signature = ",".join(sorted(identity.name for identity in kb.identities))
    for op in kb.description.operations:
        if op.kind != "rest" or is_auth_operation(op) or kb.is_reported("bfla", op):
            continue
        reason = privilege_reason(op)
        if not reason:
            continue
        probe = plan.probe(op, partial(_probe, op=op, reason=reason), key=f"{op.key}|{signature}")
        if is_wipe(op):
            probe = Probe(probe.operation, probe.run, probe.key, final=True)
        yield probe


def _call(ctx: ProbeContext, op: Operation, attacker_name: str) -> Call | Verdict:
    """The call to try, or the verdict when it cannot be tried."""
    if not path_params(op.path) or op.is_safe:
        return ctx.call(op)
    resource = ctx.kb.resources.for_operation(op)
    if resource is None:
        return skipped("no object of the scan's own to run it on")
    attacker = ctx.kb.identity(attacker_name)
    obj, _ = create_object(ctx, resource, attacker) if attacker else (None, None)
    if obj is None:
        return not_tried(f"{op.method} on objects the scan did not create needs allow_destructive")
    return ctx.call(op, params=dict(obj.params))


def _served(ctx: ProbeContext, op: Operation, reply: Reply) -> bool:
    if not ctx.kb.is_success(reply, op) and reply.status != 204:
        return False
    if op.is_safe:
        return reply.is_json and not jsondata.is_empty(reply.data)
    return True


def _probe(ctx: ProbeContext, *, op: Operation, reason: str) -> Verdict:
    kb = ctx.kb
    attackers = list(kb.regular_identities())
    if not attackers:
        return skipped("no regular identity to try it with")
    attacker = attackers[0]
    call = _call(ctx, op, attacker.name)
    if isinstance(call, Verdict):
        return call
    refuses_anonymous = ""
    anonymous = None
    if op.is_safe:
        anonymous = ctx.send(call, kb.anonymous)
        if _served(ctx, op, anonymous):
            return passed("anonymous is answered too: public, not privileged (see auth_bypass)")
        refuses_anonymous = f" and refuses anonymous callers ({anonymous.status})"
    privileged = next(iter(kb.privileged_identities()), None) if op.is_safe else None
    baseline = ctx.send(call, privileged) if privileged is not None else None
    attack = ctx.send(call, attacker)
    if not _served(ctx, op, attack):
        return passed(f"{attacker.name} refused ({attack.status})")
    compared = ""
    evidence = [(anonymous, "anonymous is refused")] if anonymous is not None else []
    if privileged is not None and baseline is not None:
        if _served(ctx, op, baseline):
            if jsondata.likeness(baseline.data, attack.data) < ALIKE:
                return passed(f"{attacker.name} gets a different (reduced) answer than {privileged.name}")
            compared = f", like {privileged.name} (privileged)"
        evidence.append((baseline, f"{privileged.name}'s answer"))
    if op.is_safe:
        confirm = ctx.send(call, attacker)
    else:
        second = _call(ctx, op, attacker.name)
        if isinstance(second, Verdict):
            return unconfirmed(f"answered once; {second.detail}")
        confirm = ctx.send(second, attacker)
    if not _served(ctx, op, confirm):
        return unconfirmed(f"{attacker.name} was answered once, then refused ({confirm.status})")
    evidence.append((confirm, f"{attacker.name} (regular) is served"))
    return found(ctx.finding(
        operation=op,
        proof=confirm,
        why=(
            f"{op.method} {op.path} looks privileged ({reason}){refuses_anonymous}, yet {attacker.name}, "
            f"a regular identity, was served ({confirm.status}){compared}, twice"
        ),
        description=(
            f"{op.method} {op.path} is reserved to privileged users ({reason}) but a regular user can call it."
        ),
        evidence=evidence,
        confidence=Confidence.HIGH if compared or "scope" in reason else Confidence.MEDIUM,
    ))
