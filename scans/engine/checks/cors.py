"""API8 CORS misconfiguration: the API lets other origins read its answers with the caller's
credentials: an attacker's origin, `null`, or a look-alike of the API's own host is echoed in
`Access-Control-Allow-Origin` with `Access-Control-Allow-Credentials: true`. Tested once per API on
an operation an identity reads; confirmed with a second random origin of the same kind."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from functools import partial
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Reply
from scans.engine.kb.knowledge import KnowledgeBase, Observation
from scans.engine.owasp import Owasp

Origin = Callable[[str, str], str]
ORIGINS: tuple[tuple[str, Origin, int], ...] = (
    ("any origin", lambda host, token: f"https://{token}.example", 70),
    ("the null origin", lambda host, token: "null", 65),
    ("a look-alike origin (the API's host as a prefix)", lambda host, token: f"https://{host}.{token}.example", 60),
    ("a look-alike origin (the API's host as a suffix)", lambda host, token: f"https://{token}{host}", 60),
)
"""Kinds of foreign origin, how to make one, and the score when it is trusted with credentials."""


def read_observation(kb: KnowledgeBase) -> Observation | None:
    """An answer an identity got from a read: a secured one first, in description order."""
    candidates = []
    for op in kb.description.operations:
        if op.method != "GET":
            continue
        for observation in kb.observations(op):
            if observation.identity != kb.anonymous.name and kb.is_success(observation.reply, op):
                candidates.append((not op.is_secured, observation))
                break
    return min(candidates, key=lambda item: item[0])[1] if candidates else None


@check(
    name="cors_misconfiguration",
    title="CORS trusts foreign origins with credentials",
    owasp=Owasp.API8,
    cwe=942,
    score=70,
    remediation=(
        "Answer CORS requests from an explicit allow-list of exact origins; never echo the Origin header back, "
        "never allow `null`, and compare whole origins (scheme, host, port), not prefixes or suffixes."
    ),
    agent=Agent.CONFIGURATION,
)
def cors_misconfiguration(plan: PlanContext) -> Iterator[Probe]:
    """One probe, on the first read an identity was answered."""
    observation = read_observation(plan.kb)
    if observation is not None:
        yield plan.probe(observation.operation, partial(_probe, observation=observation), key="api")


def _with_origin(ctx: ProbeContext, observation: Observation, origin: str) -> Reply:
    call = observation.call
    call = dataclasses.replace(call, headers=(*[(k, v) for k, v in call.headers if k.lower() != "origin"],
                                              ("Origin", origin)))
    return ctx.send(call, ctx.kb.identity(observation.identity) or ctx.kb.anonymous)


def _trusted(reply: Reply, origin: str) -> bool:
    return (reply.headers.get("Access-Control-Allow-Origin", "").strip() == origin
            and reply.headers.get("Access-Control-Allow-Credentials", "").strip().lower() == "true")


def _probe(ctx: ProbeContext, *, observation: Observation) -> Verdict:
    host = urlsplit(ctx.client.root).hostname or "api"
    trusted = []
    for label, make, score in ORIGINS:
        origin = make(host, ctx.token("nat"))
        reply = _with_origin(ctx, observation, origin)
        if _trusted(reply, origin):
            trusted.append((label, make, score, origin, reply))
    if not trusted:
        return passed(f"no foreign origin was trusted with credentials ({len(ORIGINS)} tried)")
    label, make, score, origin, first = trusted[0]
    again_origin = make(host, ctx.token("nat"))
    again = _with_origin(ctx, observation, again_origin)
    if not _trusted(again, again_origin):
        return passed(f"{label} was trusted once ({origin}), not on the repeat")
    op = observation.operation
    kinds = ", ".join(item[0] for item in trusted)
    return found(ctx.finding(
        operation=op,
        proof=again,
        parameter="Origin",
        title=f"CORS trusts {label} with credentials",
        why=(
            f"with Origin {again_origin!r} the answer to {op.method} {op.path} says Access-Control-Allow-Origin: "
            f"{again_origin} and Access-Control-Allow-Credentials: true, twice with different origins; trusted: {kinds}"
        ),
        description=(
            f"The API's CORS policy trusts {kinds}: a page on such an origin can call the API with a visitor's "
            "cookies or credentials and read the answers."
        ),
        evidence=[(first, f"Origin {origin}"), (again, f"Origin {again_origin}")],
        score=max(item[2] for item in trusted),
    ))
