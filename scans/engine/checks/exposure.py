"""API3 Excessive data exposure: answers that carry passwords, hashes, keys, tokens or card numbers.

Recon's answers are read for sensitive field names and value shapes; an identity's own password
coming back is the strongest sign. A second request (the same read, or a new sign-up for sign-up
echoes) must return the same kind of value in the same field before it is reported.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.agents.accounts import new_credentials, signup_call
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found_all, unconfirmed
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.sensitive import Sensitive, sensitive_values
from scans.engine.findings import Confidence, Finding
from scans.engine.http.reply import Reply
from scans.engine.kb.knowledge import KnowledgeBase, Observation
from scans.engine.kb.operations import is_auth_operation
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

PLAIN_NAMES = {"own password": "plaintext password"}
CERTAIN_KINDS = frozenset({"own password", "password hash", "card number"})


@check(
    name="data_exposure",
    title="Excessive data exposure",
    owasp=Owasp.API3,
    cwe=213,
    score=70,
    remediation=(
        "Return only the fields the client needs: serialize responses through an explicit allow-list "
        "(a response model/DTO), never the stored record; never return passwords or their hashes, "
        "secrets, full card numbers or tokens other than the caller's own session."
    ),
    agent=Agent.EXPOSURE,
    rerun_with_new_identities=True,
)
def data_exposure(plan: PlanContext) -> Iterator[Probe]:
    """A probe per answer recon saw that holds a sensitive value."""
    kb = plan.kb
    passwords = known_passwords(kb)
    for op in kb.description.operations:
        observations = [obs for obs in kb.observations(op) if obs.reply.ok and obs.reply.is_json]
        for observation, found_hits in _hits(observations, op, passwords):
            run = partial(_confirm, op=op, observation=observation, found_hits=found_hits)
            yield plan.probe(op, run, key=f"{op.key}|{observation.identity}")


def known_passwords(kb: KnowledgeBase) -> set[str]:
    passwords = {identity.password for identity in kb.identities if identity.password}
    passwords.update(account.password for account in kb.sacrificial_accounts)
    return passwords


def _hits(
    observations: list[Observation], op: Operation, passwords: set[str]
) -> list[tuple[Observation, dict[str, Sensitive]]]:
    hits = []
    for observation in observations:
        found_here = sensitive_values(
            observation.reply.data, known_passwords=passwords, auth_operation=is_auth_operation(op)
        )
        if found_here:
            hits.append((observation, found_here))
    return hits


def _confirm(
    ctx: ProbeContext, *, op: Operation, observation: Observation, found_hits: dict[str, Sensitive]
) -> Verdict:
    kb = ctx.kb
    identity = kb.identity(observation.identity) or kb.anonymous
    passwords = known_passwords(kb)
    replay = ""
    if op.is_safe:
        call = observation.call
    elif kb.signup_operation is not None and op.key == kb.signup_operation.key:
        username, email, password = new_credentials(op)
        call = signup_call(op, username=username, email=email, password=password)
        passwords.add(password)
        username, email, password = new_credentials(op)
        replay = ctx.client.curl(signup_call(op, username=username, email=email, password=password), identity)
    elif op.method == "POST" and "{" not in op.path:
        call = ctx.call(op)
    else:
        return unconfirmed(f"{', '.join(found_hits)} seen once; {op.method} is not repeated in safe mode")
    repeat = ctx.send(call, identity)
    again = sensitive_values(repeat.data, known_passwords=passwords, auth_operation=is_auth_operation(op)) \
        if repeat.ok and repeat.is_json else {}
    confirmed = [hit for path, hit in found_hits.items() if path in again and _same_kind(hit, again[path])]
    if not confirmed:
        return unconfirmed(f"{', '.join(found_hits)} did not come back on a second request ({repeat.status})")
    findings = tuple(_finding(ctx, op, hit, observation.reply, repeat, curl=replay) for hit in confirmed)
    return found_all(findings, "; ".join(finding.why for finding in findings))


def _same_kind(first: Sensitive, second: Sensitive) -> bool:
    passwords = {"own password", "password"}
    return first.kind == second.kind or {first.kind, second.kind} <= passwords


def _finding(ctx: ProbeContext, op: Operation, hit: Sensitive, first: Reply, repeat: Reply, *, curl: str) -> Finding:
    what = "the caller's own password" if hit.kind == "own password" else f"a {hit.kind}"
    why = f"{hit.path} holds {what} in the answer to {op.method} {op.path}, on two separate requests"
    return ctx.finding(
        operation=op,
        proof=repeat,
        parameter=hit.path,
        why=why,
        description=(
            f"{op.method} {op.path} returns {what} in {hit.path}. Anyone who can call it, or read its logs and "
            "caches, learns it."
        ),
        evidence=[(first, "first answer"), (repeat, "second answer")],
        title=f"Excessive data exposure: {PLAIN_NAMES.get(hit.kind, hit.kind)} in the response",
        score=hit.score,
        confidence=Confidence.HIGH if hit.kind in CERTAIN_KINDS else Confidence.MEDIUM,
        curl=curl,
    )


