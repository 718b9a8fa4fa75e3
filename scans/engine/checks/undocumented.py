"""API3 Undocumented response fields: an answer carries fields its documented schema does not name.

Only closed object schemas count (properties listed, no `additionalProperties`); fields the
exposure check calls sensitive are its to report. Re-read once before reporting.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, unconfirmed
from scans.engine.checks.exposure import known_passwords
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.schemas import response_schema, undocumented_fields
from scans.engine.checks.sensitive import sensitive_values
from scans.engine.findings import Confidence
from scans.engine.kb.knowledge import Observation
from scans.engine.kb.operations import is_auth_operation
from scans.engine.model import Operation
from scans.engine.owasp import Owasp


@check(
    name="undocumented_fields",
    title="Undocumented fields in responses",
    owasp=Owasp.API3,
    cwe=213,
    score=20,
    remediation=(
        "Serialize responses from an explicit schema and keep the API description in step with it; "
        "a field nobody documented is a field nobody reviewed for exposure."
    ),
    agent=Agent.EXPOSURE,
    rerun_with_new_identities=True,
)
def undocumented(plan: PlanContext) -> Iterator[Probe]:
    """A probe per read whose answer has fields its schema does not name."""
    kb = plan.kb
    for op in kb.description.operations:
        if not op.is_safe:
            continue
        for observation in kb.observations(op):
            fields = _extra_fields(observation, op, known_passwords(kb))
            if fields:
                run = partial(_confirm, op=op, observation=observation, fields=fields)
                yield plan.probe(op, run, key=f"{op.key}|{observation.identity}")


def _extra_fields(observation: Observation, op: Operation, passwords: set[str]) -> list[str]:
    reply = observation.reply
    if not reply.ok or not reply.is_json:
        return []
    fields = undocumented_fields(reply.data, response_schema(op, reply.status))
    sensitive = sensitive_values(reply.data, known_passwords=passwords, auth_operation=is_auth_operation(op))
    return sorted(field for field in fields if field not in sensitive)


def _confirm(ctx: ProbeContext, *, op: Operation, observation: Observation, fields: list[str]) -> Verdict:
    identity = ctx.kb.identity(observation.identity) or ctx.kb.anonymous
    repeat = ctx.send(observation.call, identity)
    again = set(_extra_fields(Observation(op, identity.name, observation.call, repeat), op, known_passwords(ctx.kb)))
    confirmed = [field for field in fields if field in again]
    if not confirmed:
        return unconfirmed(f"{', '.join(fields)} did not come back on a second request ({repeat.status})")
    why = f"the answer to {op.method} {op.path} has {', '.join(confirmed)}, which its documented schema does not name"
    return found(ctx.finding(
        operation=op,
        proof=repeat,
        parameter=",".join(confirmed),
        why=why + "; seen on two requests",
        description=(
            f"{op.method} {op.path} returns fields its API description does not document: {', '.join(confirmed)}. "
            "Undocumented fields escape review and often leak internal data."
        ),
        evidence=[(observation.reply, "first answer"), (repeat, "second answer")],
        confidence=Confidence.MEDIUM,
    ))


