"""What the JSON Web Token checks share: whose tokens to alter, where to send them, how to judge.

Tokens are decoded locally. Each test sends an altered copy of an identity's own token to an
operation whose answer shows who the caller is (a `/me`-like one first), and a token is
"accepted as X" only when the answer matches what X itself gets there.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from scans.engine.checks.context import ProbeContext
from scans.engine.checks.registry import Agent, Planner, check
from scans.engine.http.reply import Reply
from scans.engine.identity import jwt
from scans.engine.identity.identity import Identity, IdentityOrigin
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.kb.resources import path_params
from scans.engine.kb.selfinfo import is_me_operation
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

WORDLIST = Path(__file__).with_name("data") / "jwt_secrets.txt"
MAX_PROBE_OPERATIONS = 3
SAME_ANSWER = 0.8
IDENTITY_CLAIMS = ("sub", "user_id", "userId", "uid", "id", "email", "username", "preferred_username")
REMEDIATION_SIGNATURE = (
    "Verify every token with a JWT library configured with the one algorithm you issue (e.g. "
    "`algorithms=['HS256']`), reject `none` and unsigned tokens, and never read claims from a token "
    "before its signature is checked."
)


@lru_cache(maxsize=1)
def wordlist() -> tuple[str, ...]:
    """Candidate HMAC secrets (bounded, shipped with the engine)."""
    return tuple(line for line in WORDLIST.read_text().splitlines() if line)


def carriers(kb: KnowledgeBase) -> list[Identity]:
    """Regular identities whose credential is a JWT, configured ones first."""
    found_carriers = [identity for identity in kb.regular_identities() if identity.jwt is not None]
    return sorted(found_carriers, key=lambda identity: identity.origin is not IdentityOrigin.CONFIGURED)


def probe_operations(kb: KnowledgeBase, carrier: Identity) -> list[Operation]:
    """Operations that refuse anonymous callers and answer `carrier` with data about itself."""
    ranked: list[tuple[int, str, Operation]] = []
    for op in kb.description.operations:
        if op.method != "GET" or path_params(op.path) or kb.needs_auth(op) is not True:
            continue
        observation = kb.observation(op, carrier.name)
        if observation is None or not kb.is_success(observation.reply, op):
            continue
        text = observation.reply.text
        reveals = any(value in text for value in carrier.self_info.values)
        if is_me_operation(op):
            rank = 0 if op.path.rstrip("/").endswith("/me") else 1
        elif reveals:
            rank = 2
        else:
            continue
        ranked.append((rank, op.path, op))
    return [op for _, _, op in sorted(ranked, key=lambda item: item[:2])][:MAX_PROBE_OPERATIONS]


def protected_operations(kb: KnowledgeBase, carrier: Identity) -> list[Operation]:
    """Operations that refuse anonymous callers and answer `carrier`, whatever they show."""
    found: list[Operation] = []
    for op in kb.description.operations:
        if op.method != "GET" or path_params(op.path) or kb.needs_auth(op) is not True:
            continue
        observation = kb.observation(op, carrier.name)
        if observation is not None and kb.is_success(observation.reply, op):
            found.append(op)
    return found[:MAX_PROBE_OPERATIONS]


def cracked_key(kb: KnowledgeBase, token: jwt.Jwt) -> str | None:
    """The token's HMAC key if it is in the wordlist (offline; cached in the knowledge base)."""
    if token.raw not in kb.jwt_keys:
        kb.jwt_keys[token.raw] = jwt.crack_hmac(token, wordlist()) or ""
    return kb.jwt_keys[token.raw] or None


def baseline_answer(ctx: ProbeContext, op: Operation, identity: Identity) -> Reply | None:
    observation = ctx.kb.observation(op, identity.name)
    if observation is not None and ctx.kb.is_success(observation.reply, op):
        return observation.reply
    reply = ctx.send(ctx.call(op), identity)
    return reply if ctx.kb.is_success(reply, op) else None


def accepted_as(
    ctx: ProbeContext, op: Operation, reply: Reply, baseline: Reply, *, not_like: Reply | None = None
) -> bool:
    if not ctx.kb.is_success(reply, op):
        return False
    likeness = jsondata.likeness(baseline.data, reply.data)
    if likeness < SAME_ANSWER:
        return False
    return not_like is None or jsondata.likeness(not_like.data, reply.data) < likeness


def other_identity(kb: KnowledgeBase, carrier: Identity) -> Identity | None:
    """Another identity to impersonate: one with a JWT (its claims are exact), else one with an id."""
    others = [identity for identity in kb.identities if identity.name != carrier.name and identity.self_info.user_id]
    others.sort(key=lambda identity: (identity.jwt is None, identity.privileged))
    return next(iter(others), None)


def impersonation_claims(token: jwt.Jwt, other: Identity) -> dict[str, Any]:
    other_token = other.jwt
    claims: dict[str, Any] = {}
    for claim in IDENTITY_CLAIMS:
        if claim not in token.payload:
            continue
        if other_token is not None and claim in other_token.payload:
            claims[claim] = other_token.payload[claim]
        elif claim in ("sub", "user_id", "userId", "uid", "id") and other.self_info.user_id:
            claims[claim] = other.self_info.user_id
        elif claim == "email" and other.self_info.email:
            claims[claim] = other.self_info.email
        elif claim in ("username", "preferred_username") and other.self_info.username:
            claims[claim] = other.self_info.username
    return claims if any(token.payload.get(claim) != value for claim, value in claims.items()) else {}


def impersonation(ctx: ProbeContext, carrier: Identity, token: jwt.Jwt) -> tuple[dict[str, Any], Identity]:
    """The claims to change in `carrier`'s token and whom the altered token then stands for: another
    identity when its claims can be copied in, else `carrier` itself with a made-up claim added."""
    other = other_identity(ctx.kb, carrier)
    changes = impersonation_claims(token, other) if other is not None else {}
    if other is not None and changes:
        return changes, other
    return {"nat_probe": ctx.token("claim")}, carrier


def jwt_check(name: str, title: str, cwe: int, score: int, remediation: str) -> Callable[[Planner], Planner]:
    """Register a JWT check (all are API2, run by the auth agent)."""
    return check(name=name, title=title, owasp=Owasp.API2, cwe=cwe, score=score, remediation=remediation,
                 agent=Agent.AUTH)
