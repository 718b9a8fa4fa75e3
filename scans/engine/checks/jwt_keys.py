"""API2 JWT key flaws: an HMAC key guessable from a bounded wordlist (cracked offline, proven by a
token forged for another identity, or, where no operation shows who the caller is, by a forged token
accepted where the same claims signed with a random key are refused), and expiry not enforced. A cracked key also yields a forged
admin identity when the token carries a role claim: the authorization checks run again with it."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from functools import partial
from typing import Any

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, unconfirmed
from scans.engine.checks.jwt_common import (
    accepted_as,
    baseline_answer,
    carriers,
    cracked_key,
    impersonation,
    jwt_check,
    probe_operations,
    protected_operations,
    wordlist,
)
from scans.engine.checks.tokens import presenting
from scans.engine.findings import Confidence
from scans.engine.http.reply import Reply
from scans.engine.identity import jwt
from scans.engine.identity.identity import Identity
from scans.engine.kb.selfinfo import self_info_from
from scans.engine.model import Operation

ROLE_CLAIMS = ("role", "roles", "is_admin", "isAdmin", "admin", "scope", "groups")


# weak HMAC key --------------------------------------------------------------------------------------
@jwt_check(
    "jwt_weak_secret", "JWT signed with a guessable HMAC key", 326, 95,
    "Sign tokens with a random key of at least 256 bits from a secret store (or an asymmetric key pair), "
    "rotate the cracked key now, and invalidate every token signed with it.",
)
def jwt_weak_secret(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the first identity holding an HMAC-signed JWT; the key is cracked while planning."""
    for carrier in carriers(plan.kb):
        token = carrier.jwt
        if token is None or not token.is_hmac:
            continue
        ops = probe_operations(plan.kb, carrier)
        prove = _weak_secret if ops else _weak_secret_blind
        ops = ops or protected_operations(plan.kb, carrier)
        if not ops:
            continue
        key = cracked_key(plan.kb, token)
        yield plan.probe(ops[0], partial(prove, carrier=carrier, ops=ops, key=key), key=carrier.name)
        return


def _weak_secret(ctx: ProbeContext, *, carrier: Identity, ops: list[Operation], key: str | None) -> Verdict:
    if key is None:
        return passed(f"the HMAC key is none of {len(wordlist())} common secrets (tested offline)")
    token = carrier.jwt
    assert token is not None
    changes, target = impersonation(ctx, carrier, token)
    now = int(time.time())
    payload = {**token.payload, **changes, "iat": now}
    forged_token = jwt.encode(token.header, payload, key=key.encode())
    forged = presenting(forged_token, like=carrier, name=f"token forged with key {key!r}")
    for op in ops:
        baseline = baseline_answer(ctx, op, target)
        carrier_view = baseline_answer(ctx, op, carrier) if target is not carrier else None
        if baseline is None:
            continue
        first = ctx.send(ctx.call(op), forged)
        if not accepted_as(ctx, op, first, baseline, not_like=carrier_view):
            continue
        confirm = ctx.send(ctx.call(op), forged)
        if not accepted_as(ctx, op, confirm, baseline, not_like=carrier_view):
            return unconfirmed(f"a token forged with the cracked key was accepted once on {op.key}")
        _forge_admin(ctx, carrier, token, key, ops)
        return _weak_key_found(
            ctx, op, confirm, carrier, key,
            shown=f"a token forged with it for {target.name} was accepted on {op.key} as {target.name}, twice",
            evidence=[(baseline, f"{target.name}'s own answer"), (confirm, "answer to the forged token")],
            confidence=Confidence.HIGH if target is not carrier else Confidence.MEDIUM,
        )
    return unconfirmed(f"key {key!r} reproduces the signature offline, but forged tokens were refused")


def _weak_secret_blind(ctx: ProbeContext, *, carrier: Identity, ops: list[Operation], key: str | None) -> Verdict:
    """No operation shows who the caller is: the carrier's claims plus a made-up one, signed with the cracked
    key, must be accepted twice where anonymous callers are refused. The key itself is proven offline (it
    reproduces the issued token's signature); the same claims signed with a random key are sent as the
    control, and when they are accepted too the finding says the signature is not checked either."""
    if key is None:
        return passed(f"the HMAC key is none of {len(wordlist())} common secrets (tested offline)")
    token = carrier.jwt
    assert token is not None
    payload = {**token.payload, "nat_probe": ctx.token("claim"), "iat": int(time.time())}
    forged = presenting(jwt.encode(token.header, payload, key=key.encode()), like=carrier,
                        name=f"token forged with key {key!r}")
    control = presenting(jwt.encode(token.header, payload, key=os.urandom(32)), like=carrier,
                         name="the same claims signed with a random key")
    for op in ops:
        baseline = baseline_answer(ctx, op, carrier)
        if baseline is None:
            continue
        random_key = ctx.send(ctx.call(op), control)
        first = ctx.send(ctx.call(op), forged)
        if not accepted_as(ctx, op, first, baseline):
            continue
        confirm = ctx.send(ctx.call(op), forged)
        if not accepted_as(ctx, op, confirm, baseline):
            return unconfirmed(f"a token forged with the cracked key was accepted once on {op.key}")
        _forge_admin(ctx, carrier, token, key, ops)
        return _weak_key_found(
            ctx, op, confirm, carrier, key,
            shown=f"a token forged with it was accepted on {op.key}, which refuses anonymous callers, twice; " + (
                "so were the same claims signed with a random key: the signature is not checked either"
                if ctx.kb.is_success(random_key, op) else
                f"the same claims signed with a random key were refused ({random_key.status})"),
            evidence=[(baseline, f"{carrier.name}'s own answer"), (random_key, "the same claims, random key"),
                      (confirm, "answer to the forged token")],
            confidence=Confidence.MEDIUM,
        )
    return unconfirmed(f"key {key!r} reproduces the signature offline, but forged tokens were refused")


def _weak_key_found(
    ctx: ProbeContext, op: Operation, confirm: Reply, carrier: Identity, key: str, *, shown: str,
    evidence: list[tuple[Reply, str]], confidence: Confidence,
) -> Verdict:
    return found(ctx.finding(
        operation=op,
        proof=confirm,
        parameter="Authorization",
        why=(f"the HMAC key of {carrier.name}'s token is {key!r} (found offline among {len(wordlist())} common "
             f"secrets); {shown}"),
        description=(
            f"JSON Web Tokens are signed with the guessable key {key!r}: anyone can forge a valid token for any "
            f"user or role. Shown on {op.method} {op.path}."
        ),
        evidence=evidence,
        identity=carrier.name,
        confidence=confidence,
    ))


def _forge_admin(ctx: ProbeContext, carrier: Identity, token: jwt.Jwt, key: str, ops: list[Operation]) -> None:
    """With the key known, a token claiming an admin role becomes a privileged identity of the scan."""
    changes: dict[str, Any] = {}
    for claim in ROLE_CLAIMS:
        value = token.payload.get(claim)
        if claim not in token.payload:
            continue
        if isinstance(value, bool):
            changes[claim] = True
        elif isinstance(value, list):
            changes[claim] = [*value, "admin"]
        elif claim == "scope" and isinstance(value, str):
            changes[claim] = f"{value} admin".strip()
        else:
            changes[claim] = "admin"
    if not changes:
        return
    admin_token = jwt.encode(token.header, {**token.payload, **changes}, key=key.encode())
    admin = presenting(admin_token, like=carrier, name="forged-admin", privileged=True)
    for op in ops:
        reply = ctx.send(ctx.call(op), admin)
        if ctx.kb.is_success(reply, op):
            info = self_info_from(reply.data, source=f"GET {op.path}")
            if info.privileged:
                admin.self_info = info
                if ctx.kb.add_identity(admin):
                    ctx.events.identity_added(admin)
            return


# expiry ignored --------------------------------------------------------------------------------------
@jwt_check(
    "jwt_expired", "Expired JWT accepted", 613, 60,
    "Check `exp` (and `nbf`) on every request with a small clock skew; libraries do it when you let them.",
)
def jwt_expired(plan: PlanContext) -> Iterator[Probe]:
    """One probe: with the identity's own token when it has expired, else with tokens re-signed by a cracked key."""
    for carrier in carriers(plan.kb):
        token = carrier.jwt
        if token is None:
            continue
        ops = probe_operations(plan.kb, carrier)
        if not ops:
            continue
        expired_at = _expired_at(token)
        if expired_at is not None and expired_at < time.time():
            yield plan.probe(ops[0], partial(_already_expired, carrier=carrier, ops=ops), key=carrier.name)
            return
        key = cracked_key(plan.kb, token) if token.is_hmac else None
        if key is not None:
            yield plan.probe(ops[0], partial(_expired, carrier=carrier, ops=ops, key=key), key=carrier.name)
            return


def _expired_at(token: jwt.Jwt) -> float | None:
    value = token.payload.get("exp")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _already_expired(ctx: ProbeContext, *, carrier: Identity, ops: list[Operation]) -> Verdict:
    """The identity's own token is past its `exp`, yet the answers recon got with it were data."""
    token = carrier.jwt
    assert token is not None
    for op in ops:
        baseline = baseline_answer(ctx, op, carrier)
        if baseline is None:
            continue
        confirm = ctx.send(ctx.call(op), carrier, allow_refresh=False)
        if not accepted_as(ctx, op, confirm, baseline):
            continue
        expired = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(_expired_at(token) or 0))
        return found(ctx.finding(
            operation=op,
            proof=confirm,
            parameter="Authorization",
            why=f"{carrier.name}'s token expired at {expired} (its `exp`), yet {op.key} still answers it as valid",
            description=(
                f"{op.method} {op.path} accepts JSON Web Tokens after their `exp` time: a leaked token never dies."
            ),
            evidence=[(baseline, "answer during recon"), (confirm, "answer again, token expired")],
            identity=carrier.name,
        ))
    return passed("the expired token was refused")


def _expired(ctx: ProbeContext, *, carrier: Identity, ops: list[Operation], key: str) -> Verdict:
    token = carrier.jwt
    assert token is not None
    now = int(time.time())

    def signed(issued: int, expires: int, label: str) -> Identity:
        payload = {**token.payload, "iat": issued, "exp": expires}
        return presenting(jwt.encode(token.header, payload, key=key.encode()), like=carrier, name=label)

    fresh = signed(now, now + 600, "token re-signed, valid")
    stale = (signed(now - 7200, now - 3600, "token expired an hour ago"),
             signed(now - 172800, now - 86400, "token expired a day ago"))
    for op in ops:
        baseline = baseline_answer(ctx, op, carrier)
        if baseline is None:
            continue
        control = ctx.send(ctx.call(op), fresh)
        if not accepted_as(ctx, op, control, baseline):
            continue
        replies = [ctx.send(ctx.call(op), identity) for identity in stale]
        if not all(accepted_as(ctx, op, reply, baseline) for reply in replies):
            return passed(f"expired tokens are refused on {op.key} while a valid re-signed one is accepted")
        return found(ctx.finding(
            operation=op,
            proof=replies[-1],
            parameter="Authorization",
            why=(
                f"tokens signed with the cracked key that expired an hour and a day ago were accepted on {op.key} "
                f"as {carrier.name}, exactly like a valid one"
            ),
            description=(
                f"{op.method} {op.path} accepts JSON Web Tokens after their `exp` time: a leaked token never dies."
            ),
            evidence=[(control, "valid token (control)"), (replies[0], "expired an hour ago"),
                      (replies[1], "expired a day ago")],
            identity=carrier.name,
        ))
    return unconfirmed("even a valid re-signed token was refused, so expiry could not be tested")
