"""API8 HTTPS enforcement: HSTS on HTTPS answers, and plain HTTP answering the API instead of
redirecting to HTTPS where HTTPS exists."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, skipped
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.transport import https_endpoint
from scans.engine.http.reply import Call, Reply
from scans.engine.http.tls import TlsProber
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnowledgeBase, Observation
from scans.engine.owasp import Owasp

MIN_HSTS_AGE = 15_552_000
"""180 days, the shortest max-age worth having."""
MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
REDIRECTS = (301, 302, 303, 307, 308)


def hsts_problem(reply: Reply) -> str:
    header = reply.headers.get("Strict-Transport-Security", "")
    if not header:
        return "no Strict-Transport-Security header"
    match = MAX_AGE.search(header)
    if not match or int(match.group(1)) < MIN_HSTS_AGE:
        return f"Strict-Transport-Security with a max-age under 180 days ({header!r})"
    return ""


def _first(kb: KnowledgeBase, *, anonymous: bool = False) -> Observation | None:
    """The first answer (description order) recon got from a read, anonymous ones only if asked."""
    for op in kb.description.operations:
        if op.method != "GET" or "{" in op.path:
            continue
        for observation in kb.observations(op):
            if observation.reply.status and (not anonymous or observation.identity == kb.anonymous.name):
                return observation
    return None


@check(
    name="hsts_missing",
    title="HSTS missing or too short",
    owasp=Owasp.API8,
    cwe=319,
    score=30,
    remediation="Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS answer.",
    agent=Agent.CONFIGURATION,
)
def hsts_missing(plan: PlanContext) -> Iterator[Probe]:
    """One probe, on the first read recon saw."""
    observation = _first(plan.kb)
    if observation is not None:
        yield plan.probe(observation.operation, partial(_hsts, observation=observation), key="api")


def _hsts(ctx: ProbeContext, *, observation: Observation) -> Verdict:
    if urlsplit(observation.reply.url).scheme != "https":
        return skipped("the API is scanned over plain HTTP (see https_redirect)")
    problem = hsts_problem(observation.reply)
    if not problem:
        return passed("HTTPS answers carry a long-lived Strict-Transport-Security header")
    identity = ctx.kb.identity(observation.identity) or ctx.kb.anonymous
    again = ctx.send(observation.call, identity)
    if not hsts_problem(again):
        return passed("the header was there when the answer was read again")
    op = observation.operation
    return found(ctx.finding(
        operation=op,
        proof=again,
        why=f"the HTTPS answer to {op.method} {op.path} has {problem}, twice",
        description=(
            "Without HSTS a browser's first request (or any typed http:// link) goes out in clear and can be "
            "redirected by anyone on the network before HTTPS starts."
        ),
        evidence=[(observation.reply, "answer seen by recon"), (again, "read again")],
    ))


@check(
    name="https_redirect",
    title="API served over plain HTTP without a redirect to HTTPS",
    owasp=Owasp.API8,
    cwe=319,
    score=40,
    remediation=(
        "Answer every plain-HTTP request with a redirect (301/308) to the same URL over HTTPS, or close port 80; "
        "API clients must be configured with https:// URLs."
    ),
    agent=Agent.CONFIGURATION,
)
def https_redirect(plan: PlanContext) -> Iterator[Probe]:
    """One probe, on the first read recon saw anonymously."""
    observation = _first(plan.kb, anonymous=True) or _first(plan.kb)
    if observation is not None:
        yield plan.probe(observation.operation, partial(_redirect, observation=observation), key="api")


def _counterpart(ctx: ProbeContext, root: str) -> str:
    """The plain-HTTP root of an HTTPS API, or `""` when unknown."""
    if ctx.options.counterpart_url:
        given = urlsplit(ctx.options.counterpart_url)
        return ctx.options.counterpart_url.rstrip("/") + urlsplit(root).path if given.scheme == "http" else ""
    parts = urlsplit(root)
    return f"http://{parts.hostname}{parts.path}" if parts.port in (None, 443) else ""


def _redirect(ctx: ProbeContext, *, observation: Observation) -> Verdict:
    root = ctx.client.root
    op = observation.operation
    if urlsplit(root).scheme == "https":
        plain_root = _counterpart(ctx, root)
        if not plain_root:
            return skipped("no plain-HTTP address of the API is known (set counterpart_url)")
        plain = _plain_answer(ctx, plain_root, op.path)
        if plain.status == 0 or (plain.status in REDIRECTS
                                 and plain.headers.get("Location", "").lower().startswith("https://")):
            return passed(f"plain HTTP {'is closed' if plain.status == 0 else 'redirects to HTTPS'}")
        if not _serves_api(plain, observation.reply):
            return passed(f"plain HTTP answers {plain.status}, not the API")
        again = _plain_answer(ctx, plain_root, op.path)
        if not _serves_api(again, observation.reply):
            return passed("plain HTTP answered the API once, not on the repeat")
        return _finding(ctx, observation, again, f"{plain_root}{op.path}")
    endpoint = https_endpoint(ctx)
    if endpoint is None:
        return skipped("the API is served over plain HTTP and no HTTPS address is known (set counterpart_url)")
    handshake = TlsProber(ctx.client, *endpoint).handshake()
    if not handshake.ok:
        return passed(f"no HTTPS at {endpoint[0]}:{endpoint[1]}: plain HTTP is the only way in")
    if observation.reply.status in REDIRECTS:
        return passed("plain HTTP redirects")
    identity = ctx.kb.identity(observation.identity) or ctx.kb.anonymous
    again = ctx.send(observation.call, identity)
    if again.status in REDIRECTS or again.status == 0:
        return passed("plain HTTP redirects")
    return _finding(ctx, observation, again, again.url, https=f"{endpoint[0]}:{endpoint[1]}")


def _plain_answer(ctx: ProbeContext, plain_root: str, path: str) -> Reply:
    url = plain_root.rstrip("/") + path
    return ctx.send(Call("GET", path, url=url), ctx.kb.anonymous)


def _serves_api(plain: Reply, secure: Reply) -> bool:
    if plain.status != secure.status:
        return False
    if secure.is_json:
        return plain.is_json and jsondata.key_shape(plain.data) == jsondata.key_shape(secure.data)
    return True


def _finding(ctx: ProbeContext, observation: Observation, again: Reply, url: str, *, https: str = "") -> Verdict:
    op = observation.operation
    where = f"while HTTPS answers at {https}" if https else "while the API is served over HTTPS"
    return found(ctx.finding(
        operation=op,
        proof=again,
        why=f"plain HTTP ({url}) answers {again.status} with the API's own answer, {where}; no redirect, twice",
        description=(
            "The API answers over plain HTTP instead of redirecting to HTTPS: clients configured with an http:// "
            "URL send credentials and data in clear."
        ),
        evidence=[(observation.reply, "answer over the scanned scheme"), (again, "answer over plain HTTP")],
    ))
