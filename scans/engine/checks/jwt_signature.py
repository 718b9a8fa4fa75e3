"""API2 JWT signature flaws: tokens accepted unsigned (`alg: none`, every case variant) or with
claims altered under an unchanged, stripped or random signature."""
from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, unconfirmed
from scans.engine.checks.jwt_common import (
    REMEDIATION_SIGNATURE,
    accepted_as,
    baseline_answer,
    carriers,
    impersonation,
    jwt_check,
    probe_operations,
)
from scans.engine.checks.tokens import garbage, presenting
from scans.engine.findings import Confidence
from scans.engine.identity import jwt
from scans.engine.identity.identity import Identity
from scans.engine.model import Operation


# alg: none ----------------------------------------------------------------------------------------
@jwt_check("jwt_alg_none", "JWT accepted without a signature (alg: none)", 347, 95, REMEDIATION_SIGNATURE)
def jwt_alg_none(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the first identity holding a JWT."""
    for carrier in carriers(plan.kb)[:1]:
        ops = probe_operations(plan.kb, carrier)
        if ops:
            yield plan.probe(ops[0], partial(_alg_none, carrier=carrier, ops=ops), key=carrier.name)


def _alg_none(ctx: ProbeContext, *, carrier: Identity, ops: list[Operation]) -> Verdict:
    token = carrier.jwt
    assert token is not None
    for op in ops:
        baseline = baseline_answer(ctx, op, carrier)
        if baseline is None:
            continue
        if ctx.kb.is_success(ctx.send(ctx.call(op), garbage(carrier, ctx.token("x"))), op):
            continue
        accepted = []
        for variant in jwt.NONE_VARIANTS:
            forged = presenting(jwt.unsigned(token, alg=variant), like=carrier, name=f"unsigned token (alg {variant})")
            reply = ctx.send(ctx.call(op), forged)
            if accepted_as(ctx, op, reply, baseline):
                accepted.append((variant, forged, reply))
        if not accepted:
            continue
        variant, forged, first = accepted[0]
        confirm = ctx.send(ctx.call(op), forged)
        if not accepted_as(ctx, op, confirm, baseline):
            return unconfirmed(f"an alg {variant!r} token was accepted once on {op.key}, then refused")
        variants = ", ".join(repr(item[0]) for item in accepted)
        return found(ctx.finding(
            operation=op,
            proof=confirm,
            parameter="Authorization",
            why=(
                f"a copy of {carrier.name}'s token with alg {variants} and no signature was accepted on {op.key} "
                f"as {carrier.name} (same answer as with the real token), twice"
            ),
            description=(
                f"The API accepts unsigned JSON Web Tokens (alg {variants}): anyone can write a token for any user. "
                f"Shown on {op.method} {op.path}."
            ),
            evidence=[
                (baseline, f"{carrier.name}'s answer with its real token"), (confirm, "answer to the unsigned token")
            ],
            identity=carrier.name,
        ))
    return passed(f"unsigned tokens were refused on {', '.join(op.key for op in ops)}")


# tampered claims, signature not verified ------------------------------------------------------------
@jwt_check("jwt_tampered", "JWT signature not verified (tampered claims accepted)", 347, 95, REMEDIATION_SIGNATURE)
def jwt_tampered(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the first identity holding a JWT."""
    for carrier in carriers(plan.kb)[:1]:
        ops = probe_operations(plan.kb, carrier)
        if ops:
            yield plan.probe(ops[0], partial(_tampered, carrier=carrier, ops=ops), key=carrier.name)


def _tampered(ctx: ProbeContext, *, carrier: Identity, ops: list[Operation]) -> Verdict:
    token = carrier.jwt
    assert token is not None
    changes, target = impersonation(ctx, carrier, token)
    variants = (
        ("original signature", jwt.with_claims(token, changes)),
        ("signature stripped", jwt.with_claims(token, changes, signature="")),
    )
    for op in ops:
        baseline = baseline_answer(ctx, op, target)
        carrier_view = baseline_answer(ctx, op, carrier) if target is not carrier else None
        if baseline is None:
            continue
        accepted = None
        for label, altered_token in variants:
            altered = presenting(altered_token, like=carrier, name=f"token with altered claims, {label}")
            first = ctx.send(ctx.call(op), altered)
            if accepted_as(ctx, op, first, baseline, not_like=carrier_view):
                accepted = label
                break
        if accepted is None:
            continue
        random_signature = jwt.b64url_encode(os.urandom(32))
        resigned = presenting(jwt.with_claims(token, changes, signature=random_signature), like=carrier,
                              name="token with altered claims and a random signature")
        confirm = ctx.send(ctx.call(op), resigned)
        if not accepted_as(ctx, op, confirm, baseline, not_like=carrier_view):
            return unconfirmed(f"altered claims ({accepted}) were accepted on {op.key}, "
                          f"but not with a random signature ({confirm.status})")
        whom = f"as {target.name}" if target is not carrier else f"as {carrier.name} with an added claim"
        return found(ctx.finding(
            operation=op,
            proof=confirm,
            parameter="Authorization",
            why=(
                f"{carrier.name}'s token with claims {sorted(changes)} changed was accepted on {op.key} {whom}, "
                f"with its {accepted} and again with a random one: the signature is not checked"
            ),
            description=(
                f"{op.method} {op.path} reads the claims of a JSON Web Token without verifying its signature: "
                "anyone can edit a token to act as another user."
            ),
            evidence=[(baseline, f"{target.name}'s own answer"), (first, f"altered claims, {accepted}"),
                      (confirm, "altered claims, random signature")],
            identity=carrier.name,
            confidence=Confidence.HIGH if target is not carrier else Confidence.MEDIUM,
        ))
    return passed(f"altered claims were refused on {', '.join(op.key for op in ops)}")
