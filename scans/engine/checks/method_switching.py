"""API5 Method switching: an object path accepts a state-changing method its description omits.

Tried only on objects the scan created, by their creator: an undocumented PATCH/PUT must change a
text field that the creator then reads back (twice, with two values; restored after); an
undocumented DELETE must make the object unreadable (twice, on two objects made for it).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, skipped, unconfirmed
from scans.engine.checks.objects import UNTOUCHABLE_FIELD_WORDS, create_object, read_object, record_of, victim_order
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Finding
from scans.engine.http.reply import Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb.knowledge import KnownObject
from scans.engine.kb.resources import Resource
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

SWITCHED_METHODS = ("PATCH", "PUT", "DELETE")


@check(
    name="method_switching",
    title="Undocumented HTTP method accepted",
    owasp=Owasp.API5,
    cwe=650,
    score=60,
    remediation=(
        "Route only the methods the API offers and answer 405 to every other one; generic handlers "
        "(ModelViewSet, resource routers) expose update and delete unless they are restricted."
    ),
    agent=Agent.AUTHORIZATION,
)
def method_switching(plan: PlanContext) -> Iterator[Probe]:
    """A probe per state-changing method an object path does not document."""
    for resource in plan.kb.resources.resources.values():
        read_op = resource.read_op
        if read_op is None or resource.create_op is None:
            continue
        for method in SWITCHED_METHODS:
            if method in resource.item_ops:
                continue
            op = replace(read_op, method=method, operation_id="", summary="undocumented", description="",
                         request_body=None, responses=())
            runner = _delete if method == "DELETE" else _write
            yield plan.probe(op, partial(runner, resource=resource, read_op=read_op, op=op), key=op.key)


def _owner(ctx: ProbeContext) -> Identity | None:
    return next(iter(victim_order(ctx.kb.regular_identities())), None)


def _text_field(view: Mapping[str, Any]) -> str:
    for name, value in view.items():
        if isinstance(value, str) and not any(word in name.lower() for word in UNTOUCHABLE_FIELD_WORDS):
            return name
    return ""


def _write(ctx: ProbeContext, *, resource: Resource, read_op: Operation, op: Operation) -> Verdict:
    owner = _owner(ctx)
    if owner is None:
        return skipped("no identity to own a test object")
    obj, created = create_object(ctx, resource, owner)
    if obj is None:
        return skipped(f"could not create an object of our own ({created.status if created else 'not sent'})")
    before = read_object(ctx, read_op, obj, owner)
    view = dict(record_of(before))
    field = _text_field(view)
    if not field:
        return passed(f"{obj.path} has no plain text field to change")
    original = view[field]
    proofs: list[tuple[Reply, Reply]] = []
    for marker in (ctx.token("nat-method"), ctx.token("nat-method")):
        body = {field: marker} if op.method == "PATCH" else {**view, field: marker}
        attempt = ctx.send(ctx.call(op, params=dict(obj.params), body=body), owner)
        readback = read_object(ctx, read_op, obj, owner)
        if not attempt.ok or record_of(readback).get(field) != marker:
            if proofs:
                return unconfirmed(f"the second undocumented {op.method} did not change {obj.path}")
            return passed(f"undocumented {op.method} {obj.path} answered {attempt.status} and changed nothing")
        proofs.append((attempt, readback))
    restore = {field: original} if op.method == "PATCH" else {**view, field: original}
    ctx.send(ctx.call(op, params=dict(obj.params), body=restore), owner)
    attempt, readback = proofs[-1]
    return found(_finding(ctx, op, obj, owner, attempt, [(before, "before"), (attempt, f"undocumented {op.method}"),
                                                         (readback, "read back")], changed=f"changed {field!r} of"))


def _delete(ctx: ProbeContext, *, resource: Resource, read_op: Operation, op: Operation) -> Verdict:
    owner = _owner(ctx)
    if owner is None:
        return skipped("no identity to own a test object")
    proofs = []
    for attempt_number in range(2):
        obj, created = create_object(ctx, resource, owner)
        if obj is None:
            return skipped(f"could not create an object of our own ({created.status if created else 'not sent'})")
        attempt = ctx.send(ctx.call(op, params=dict(obj.params)), owner)
        after = read_object(ctx, read_op, obj, owner)
        if not attempt.ok or ctx.kb.is_success(after, read_op):
            if attempt_number:
                return unconfirmed(f"the second undocumented DELETE left {obj.path} in place")
            return passed(f"undocumented DELETE {obj.path} answered {attempt.status} and deleted nothing")
        proofs.append((attempt, after, obj))
    spare, _ = create_object(ctx, resource, owner)
    attempt, after, obj = proofs[-1]
    curl = ctx.client.curl(ctx.call(op, params=dict(spare.params)), owner) if spare else ""
    return found(_finding(ctx, op, obj, owner, attempt, [(attempt, "undocumented DELETE"), (after, "read after")],
                          changed="deleted", curl=curl))


def _finding(
    ctx: ProbeContext,
    op: Operation,
    obj: KnownObject,
    owner: Identity,
    attempt: Reply,
    evidence: list[tuple[Reply, str]],
    *,
    changed: str,
    curl: str = "",
) -> Finding:
    return ctx.finding(
        operation=op,
        proof=attempt,
        why=(
            f"{op.method} is not documented on {op.path}, yet it {changed} {obj.path} (created by the scan as "
            f"{owner.name}), confirmed by reading it back, twice"
        ),
        description=(
            f"{op.path} accepts {op.method}, which its API description does not offer: a function that was not meant "
            "to be exposed is reachable by switching the method."
        ),
        evidence=evidence,
        curl=curl,
    )
