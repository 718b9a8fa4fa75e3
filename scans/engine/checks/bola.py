"""API1 Broken object level authorization: one identity reads, changes or deletes another's object.

Read: the object's owner (or its legitimate viewer) and the attacker both GET it; the attacker's
answer must carry the owner's data while anonymous is refused (else it is public), twice. An object
an identity owns (learned from its own answers) that holds private fields (balance, email) is no
public one though anonymous reads it too: then anonymous, or another identity, reading it is the flaw.
Write: the attacker changes a text field of an object the scan created for the victim; the victim
reads the change back, twice with two markers; the field is restored.
Delete: the attacker deletes an object created for this test; the victim no longer reads it;
confirmed on a second object, and a third is left for the curl line to delete.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

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
from scans.engine.checks.objects import (
    create_object,
    read_object,
    record_of,
    victim_order,
    writable_text_field,
    write_body,
)
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.sensitive import private_fields
from scans.engine.http.reply import Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnownObject
from scans.engine.kb.resources import Resource
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

SAME_DATA = 0.8
"""Share of the owner's fields the attacker's answer must repeat to count as the same object."""
MAX_READ_ATTEMPTS = 6


@check(
    name="bola",
    title="Broken object level authorization",
    owasp=Owasp.API1,
    cwe=639,
    score=80,
    remediation=(
        "Authorize every object access against the caller: load the object through a query scoped "
        "to the authenticated user (or check its owner/ACL) and answer 404 otherwise; never trust the "
        "id in the path alone."
    ),
    agent=Agent.AUTHORIZATION,
    rerun_with_new_identities=True,
)
def bola(plan: PlanContext) -> Iterator[Probe]:
    """A read, write or delete probe per item operation, again when identities or objects change."""
    kb = plan.kb
    signature = ",".join(sorted(identity.name for identity in kb.identities))
    for resource in kb.resources.resources.values():
        for method, op in resource.item_ops.items():
            if kb.is_reported("bola", op):
                continue
            runner = {"GET": _read, "PUT": _write, "PATCH": _write, "DELETE": _delete}.get(method)
            if runner is None:
                continue
            key = f"{op.key}|{signature}"
            if method == "GET":
                key += f"|{len(kb.objects(resource.item))}"
            yield plan.probe(op, partial(runner, resource=resource, op=op), key=key)


def _owner_name(obj: KnownObject) -> str:
    return obj.owner or obj.created_by


def _read_pairs(ctx: ProbeContext, resource: Resource) -> list[tuple[KnownObject, Identity]]:
    kb = ctx.kb
    pairs = []
    for obj in kb.objects(resource.item):
        if not (_owner_name(obj) or obj.owner_value):
            continue
        owner = kb.identity(_owner_name(obj))
        for attacker in kb.regular_identities():
            if attacker.name == _owner_name(obj) or attacker.name in obj.seen_by:
                continue
            if owner is not None and kb.same_user(attacker, owner):
                continue
            if obj.owner_value and obj.owner_value in attacker.self_info.values:
                continue
            pairs.append((obj, attacker))
        if owner is not None and not any(pair[0] is obj for pair in pairs):
            pairs.append((obj, kb.anonymous))
    pairs.sort(key=lambda pair: (not pair[0].owner, not pair[0].created_by, pair[1].name != "primary"))
    return pairs


def _read(ctx: ProbeContext, *, resource: Resource, op: Operation) -> Verdict:
    kb = ctx.kb
    pairs = _read_pairs(ctx, resource)
    if not pairs:
        return passed("no object owned by another identity is known to test with")
    outcomes: list[str] = []
    for obj, attacker in pairs[:MAX_READ_ATTEMPTS]:
        viewer = kb.identity(_owner_name(obj)) or next(
            (kb.identity(name) for name in sorted(obj.seen_by) if kb.identity(name)), None
        )
        if viewer is None:
            continue
        baseline = read_object(ctx, op, obj, viewer)
        if not kb.is_success(baseline, op):
            outcomes.append(f"{obj.path}: its owner could not read it ({baseline.status})")
            continue
        anonymous = read_object(ctx, op, obj, kb.anonymous)
        private = private_fields(record_of(baseline)) if obj.owner else []
        open_to_all = kb.is_success(anonymous, op) and jsondata.likeness(baseline.data, anonymous.data) >= SAME_DATA
        if open_to_all and not private:
            outcomes.append(f"{obj.path} is public (anonymous reads it too)")
            continue
        if attacker.is_anonymous and not open_to_all:
            outcomes.append(f"anonymous refused on {obj.path} ({anonymous.status})")
            continue
        attack = anonymous if attacker.is_anonymous else read_object(ctx, op, obj, attacker)
        if not kb.is_success(attack, op):
            outcomes.append(f"{attacker.name} refused on {obj.path} ({attack.status})")
            continue
        similarity = jsondata.likeness(baseline.data, attack.data)
        if similarity < SAME_DATA:
            outcomes.append(f"{attacker.name} got a different answer on {obj.path} ({similarity:.0%} alike)")
            continue
        confirm = read_object(ctx, op, obj, attacker)
        if not (kb.is_success(confirm, op) and jsondata.likeness(baseline.data, confirm.data) >= SAME_DATA):
            return unconfirmed(
                f"{attacker.name} read {obj.path} once, the repeat was refused ({confirm.status})"
            )
        owner_label = viewer.name if obj.owner else f"owner {obj.owner_value!r} (seen by {viewer.name})"
        if obj.owner and obj.owner_value:
            owner_label += f" (its {obj.owner_value!r}, learned from {obj.learned_from or 'its own answers'})"
        if open_to_all:
            why = (
                f"{attacker.name} read {obj.path}, which belongs to {owner_label}, and got its private fields "
                f"({', '.join(private[:4])}; {similarity:.0%} of fields equal to the owner's view); anonymous "
                f"reads it too ({anonymous.status}): the operation checks no credential; repeated"
            )
        else:
            why = (
                f"{attacker.name} read {obj.path}, which belongs to {owner_label}, and got the same data "
                f"({similarity:.0%} of fields equal) while anonymous was refused ({anonymous.status}); repeated"
            )
        finding = ctx.finding(
            operation=op,
            proof=confirm,
            parameter=resource.param,
            why=why,
            description=(
                f"{op.method} {op.path} returns objects of other users: {attacker.name} can read "
                f"{obj.path}, which belongs to {owner_label}, by putting its id in the path."
            ),
            evidence=[(baseline, "owner's view"),
                      (anonymous, "anonymous reads it too" if open_to_all else "anonymous is refused"),
                      (confirm, f"{attacker.name} reads it (repeat)")],
            title="Broken object level authorization: read another user's object",
        )
        return found(finding)
    return passed("; ".join(outcomes) or "no attempt possible")


def _pick_pair(ctx: ProbeContext) -> tuple[Identity, Identity] | None:
    regular = ctx.kb.regular_identities()
    for victim in victim_order(regular):
        others = [identity for identity in regular if identity.name != victim.name]
        attacker = next((identity for identity in others if not ctx.kb.same_user(identity, victim)), None)
        if attacker is not None:
            return victim, attacker
    return None


def _fresh_or_existing(ctx: ProbeContext, resource: Resource, victim: Identity) -> KnownObject | None:
    obj, _ = create_object(ctx, resource, victim)
    if obj is not None:
        return obj
    return next((o for o in ctx.kb.objects(resource.item) if o.created_by == victim.name), None)


def _write(ctx: ProbeContext, *, resource: Resource, op: Operation) -> Verdict:
    kb = ctx.kb
    read_op = resource.read_op
    if read_op is None:
        return skipped("no read operation to verify a change with")
    pair = _pick_pair(ctx)
    if pair is None:
        return skipped("needs two identities (configure auth_secondary or allow sign-up)")
    victim, attacker = pair
    obj = _fresh_or_existing(ctx, resource, victim)
    if obj is None:
        return not_tried(f"no object created by the scan for {victim.name} (safe mode changes no other)")
    baseline = read_object(ctx, read_op, obj, victim)
    view = record_of(baseline)
    if not kb.is_success(baseline, read_op) or not view:
        return skipped(f"{victim.name} could not read {obj.path} back ({baseline.status})")
    field = writable_text_field(op, view)
    if not field:
        return passed(f"no plain text field of {op.key} to change safely")
    original = view[field]
    markers = (ctx.token("nat-bola"), ctx.token("nat-bola"))
    proofs: list[tuple[Reply, Reply]] = []
    for marker in markers:
        attack = ctx.send(ctx.call(op, params=dict(obj.params), body=write_body(op, view, {field: marker})), attacker)
        if not kb.is_success(attack, op):
            _restore(ctx, op, obj, view, field, original, victim)
            if proofs:
                return unconfirmed(
                    f"{attacker.name}'s second change of {obj.path} was refused ({attack.status})"
                )
            return passed(f"{attacker.name} refused changing {victim.name}'s {obj.path} ({attack.status})")
        readback = read_object(ctx, read_op, obj, victim)
        if record_of(readback).get(field) != marker:
            _restore(ctx, op, obj, view, field, original, victim)
            if proofs:
                return unconfirmed(f"the second change of {obj.path} did not persist")
            return passed(f"{attacker.name}'s change of {obj.path} answered {attack.status} but did not persist")
        proofs.append((attack, readback))
    _restore(ctx, op, obj, view, field, original, victim)
    attack, readback = proofs[-1]
    why = (
        f"{attacker.name} set {field!r} of {victim.name}'s {obj.path} and {victim.name} read the new value back, "
        f"twice with different values"
    )
    finding = ctx.finding(
        operation=op,
        proof=attack,
        parameter=resource.param,
        why=why,
        description=(
            f"{op.method} {op.path} lets a user change objects of other users: {attacker.name} changed "
            f"{obj.path}, created by the scan for {victim.name} (the field was restored)."
        ),
        evidence=[(baseline, "owner's view before"), (attack, "attacker's change"), (readback, "owner reads it back")],
        title="Broken object level authorization: change another user's object",
        score=85,
    )
    return found(finding)


def _restore(ctx: ProbeContext, op: Operation, obj: KnownObject, view: Mapping[str, Any], field: str, original: object,
             victim: Identity) -> None:
    reply = ctx.send(ctx.call(op, params=dict(obj.params), body=write_body(op, view, {field: original})), victim)
    if not ctx.kb.is_success(reply, op):
        ctx.events.warn(f"could not restore {field!r} of {obj.path} after the BOLA write test ({reply.status})")


def _delete(ctx: ProbeContext, *, resource: Resource, op: Operation) -> Verdict:
    kb = ctx.kb
    read_op = resource.read_op
    if read_op is None or resource.create_op is None:
        return not_tried(
            "safe mode deletes only objects the scan creates, and this resource lacks a create "
            "operation (to make one) or a read one (to verify)"
        )
    pair = _pick_pair(ctx)
    if pair is None:
        return skipped("needs two identities (configure auth_secondary or allow sign-up)")
    victim, attacker = pair
    proofs = []
    for attempt in range(2):
        obj, created = create_object(ctx, resource, victim)
        if obj is None:
            status = created.status if created else "not sent"
            return skipped(f"could not create an object as {victim.name} ({status})")
        before = read_object(ctx, read_op, obj, victim)
        if not kb.is_success(before, read_op):
            return skipped(f"{victim.name} cannot read its new {obj.path} ({before.status})")
        attack = ctx.send(ctx.call(op, params=dict(obj.params)), attacker)
        if not kb.is_success(attack, op) and attack.status != 204:
            if attempt:
                return unconfirmed(f"the second delete by {attacker.name} was refused ({attack.status})")
            return passed(f"{attacker.name} refused deleting {victim.name}'s {obj.path} ({attack.status})")
        after = read_object(ctx, read_op, obj, victim)
        if kb.is_success(after, read_op):
            if attempt:
                return unconfirmed(f"{obj.path} survived the second delete")
            return passed(f"delete of {obj.path} by {attacker.name} answered {attack.status} but it still exists")
        proofs.append((before, attack, after))
    spare, _ = create_object(ctx, resource, victim)
    before, attack, after = proofs[-1]
    curl = ctx.client.curl(ctx.call(op, params=dict(spare.params)), attacker) if spare else attack.curl()
    finding = ctx.finding(
        operation=op,
        proof=attack,
        parameter=resource.param,
        why=(
            f"{attacker.name} deleted objects the scan created for {victim.name} and {victim.name} could no longer "
            f"read them ({after.status}), twice"
        ),
        description=(
            f"{op.method} {op.path} lets a user delete other users' objects. The curl line deletes "
            f"{spare.path if spare else 'the object'}, which the scan created as {victim.name} for it."
        ),
        evidence=[(before, "owner's view before"), (attack, "attacker deletes it"), (after, "owner's read after")],
        title="Broken object level authorization: delete another user's object",
        score=85,
        curl=curl,
    )
    return found(finding)

