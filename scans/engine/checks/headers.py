"""API8 Security headers and technology disclosure, read from the answers recon saw; each is one
finding for the whole API (on the first operation concerned), re-read once before reporting.

Headers expected on API answers: `X-Content-Type-Options: nosniff` on every answer,
`Cache-Control: no-store` (or `private`) on authenticated ones, and on HTML answers a
Content-Security-Policy and framing protection. HSTS is the transport checks' (HTTPS only).
Disclosure: a `Server` header naming a version, `X-Powered-By`, `X-AspNet(Mvc)-Version`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Confidence
from scans.engine.http.reply import Reply
from scans.engine.kb.knowledge import KnowledgeBase, Observation
from scans.engine.owasp import Owasp

HTML_TYPES = ("text/html", "application/xhtml+xml")
VERSION = re.compile(r"\d+\.\d+")
DISCLOSING = ("X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version")


def missing_headers(reply: Reply, *, authenticated: bool) -> list[str]:
    """The security headers `reply` lacks (or sets too weakly), by name."""
    headers = reply.headers
    missing = []
    if headers.get("X-Content-Type-Options", "").strip().lower() != "nosniff":
        missing.append("X-Content-Type-Options: nosniff")
    cache = headers.get("Cache-Control", "").lower()
    if authenticated and reply.ok and "no-store" not in cache and "private" not in cache:
        missing.append("Cache-Control: no-store")
    if reply.content_type in HTML_TYPES:
        policy = headers.get("Content-Security-Policy", "")
        if not policy:
            missing.append("Content-Security-Policy")
        if "frame-ancestors" not in policy and not headers.get("X-Frame-Options"):
            missing.append("X-Frame-Options (or CSP frame-ancestors)")
    return missing


def disclosed(reply: Reply) -> list[str]:
    """Headers of `reply` that name the software (and its version) serving it."""
    found_headers = [f"{name}: {reply.headers[name]}" for name in DISCLOSING if reply.headers.get(name)]
    server = reply.headers.get("Server", "")
    if VERSION.search(server):
        found_headers.insert(0, f"Server: {server}")
    return found_headers


Reader = Callable[[Reply, Observation], list[str]]


def _scan(kb: KnowledgeBase, read: Reader) -> tuple[Observation | None, dict[str, int]]:
    """The first observation (description order) with problems, and how many operations share each."""
    first: Observation | None = None
    counts: dict[str, int] = {}
    for op in kb.description.operations:
        problems: set[str] = set()
        for observation in kb.observations(op):
            if observation.reply.status == 0:
                continue
            found_here = read(observation.reply, observation)
            problems.update(found_here)
            if found_here and first is None:
                first = observation
        for problem in problems:
            counts[problem] = counts.get(problem, 0) + 1
    return first, counts


def _authenticated(kb: KnowledgeBase) -> Reader:
    return lambda reply, observation: missing_headers(reply, authenticated=observation.identity != kb.anonymous.name)


def _probe_for(plan: PlanContext, read: Reader, run: Callable[..., Verdict]) -> Iterator[Probe]:
    first, counts = _scan(plan.kb, read)
    if first is not None:
        yield plan.probe(first.operation, partial(run, observation=first, read=read, counts=counts), key="api")


def _confirm(ctx: ProbeContext, observation: Observation, read: Reader) -> tuple[Reply, list[str]]:
    identity = ctx.kb.identity(observation.identity) or ctx.kb.anonymous
    again = ctx.send(observation.call, identity)
    return again, [problem for problem in read(again, observation) if problem in read(observation.reply, observation)]


@check(
    name="security_headers",
    title="Security headers missing on API answers",
    owasp=Owasp.API8,
    cwe=693,
    score=25,
    remediation=(
        "Set them once for every answer (middleware or the gateway): `X-Content-Type-Options: nosniff`, "
        "`Cache-Control: no-store` on authenticated answers, and for HTML a Content-Security-Policy with "
        "`frame-ancestors 'none'`."
    ),
    agent=Agent.CONFIGURATION,
)
def security_headers(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the API, when some answer recon saw lacks a header."""
    yield from _probe_for(plan, _authenticated(plan.kb), _headers_probe)


def _headers_probe(ctx: ProbeContext, *, observation: Observation, read: Reader, counts: dict[str, int]) -> Verdict:
    again, still = _confirm(ctx, observation, read)
    if not still:
        return passed("the headers were there when the answer was read again")
    op = observation.operation
    spread = "; ".join(f"{name} on {counts.get(name, 1)} operation(s)" for name in still)
    return found(ctx.finding(
        operation=op,
        proof=again,
        why=f"answers lack {spread} (first seen on {op.method} {op.path}, read twice)",
        description=(
            f"API answers miss security headers: {', '.join(still)}. Browsers then sniff content types, caches keep "
            "personal answers, or pages can be framed. Reported once for the API."
        ),
        evidence=[(observation.reply, "answer seen by recon"), (again, "read again")],
        confidence=Confidence.HIGH,
    ))


@check(
    name="technology_disclosure",
    title="Server software and version disclosed in headers",
    owasp=Owasp.API8,
    cwe=200,
    score=15,
    remediation=(
        "Remove `X-Powered-By` and version numbers from `Server` (and framework headers) at the application "
        "and the proxy, so scanners cannot match the stack against known vulnerabilities."
    ),
    agent=Agent.CONFIGURATION,
)
def technology_disclosure(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the API, when some answer recon saw names its software."""
    yield from _probe_for(plan, lambda reply, observation: disclosed(reply), _disclosure_probe)


def _disclosure_probe(ctx: ProbeContext, *, observation: Observation, read: Reader, counts: dict[str, int]) -> Verdict:
    again, still = _confirm(ctx, observation, read)
    if not still:
        return passed("the headers were gone when the answer was read again")
    op = observation.operation
    return found(ctx.finding(
        operation=op,
        proof=again,
        why=f"answers name the software serving them ({'; '.join(still)}), on {op.method} {op.path} and read again",
        description=f"The API discloses its server software and version in headers: {'; '.join(still)}.",
        evidence=[(observation.reply, "answer seen by recon"), (again, "read again")],
    ))
