"""API7 Server-side request forgery: a URL-shaped input makes the server fetch a URL of our choice.

Proof: the scan hands the input a URL of its own out-of-band listener carrying a random token;
a fetch of that URL proves the server fetched it (confirmed with a second token). Without a
listener, or when no fetch arrives, a weaker signal is sought: the answer to an internal URL
(the target's own loopback address) reflects content that only that address serves, while a
missing page at the same address does not; reported with low confidence.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, unconfirmed
from scans.engine.checks.inputs import Injector, InputPoint, text_points
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Confidence
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.oob import Hit
from scans.engine.owasp import Owasp

URL_WORDS = frozenset({
    "url", "uri", "link", "href", "callback", "webhook", "hook", "image", "img", "avatar", "picture", "photo", "icon",
    "logo", "feed", "rss", "redirect", "endpoint", "target", "dest", "destination", "src", "source", "proxy", "fetch",
    "remote", "site", "website", "server", "import", "download",
})
URL_FORMATS = frozenset({"uri", "url", "iri", "uri-reference", "iri-reference"})
WAIT = 1.0
"""Seconds to wait for a fetch after the answer (servers that fetch in the background)."""
SNIPPET = 48
INTERNAL_SCORE = 50


def url_points(kb: KnowledgeBase) -> Iterator[InputPoint]:
    """Free-text inputs that take a URL: by name, by documented format, or by their example."""
    for point in text_points(kb):
        schema = point.schema if hasattr(point.schema, "get") else {}
        words = set(re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", point.name).lower()))
        example = str(schema.get("example", ""))
        if words & URL_WORDS or schema.get("format") in URL_FORMATS or example.startswith(("http://", "https://")):
            yield point


def describe_hit(hit: Hit) -> str:
    agent = f", user agent {hit.user_agent!r}" if hit.user_agent else ""
    return f"{hit.method} {hit.path} from {hit.client}{agent}"


@check(
    name="ssrf",
    title="Server-side request forgery",
    owasp=Owasp.API7,
    cwe=918,
    score=80,
    remediation=(
        "Fetch only what the feature needs: allow-list schemes, hosts and ports; resolve the host and refuse "
        "private, loopback, link-local and metadata addresses (check the address actually connected to, and "
        "every redirect); run fetchers in an egress-restricted network."
    ),
    agent=Agent.INJECTION,
    uses_callbacks=True,
)
def ssrf(plan: PlanContext) -> Iterator[Probe]:
    """A probe per URL-shaped input of the reads and creations."""
    for point in url_points(plan.kb):
        yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    listener = ctx.services.callbacks
    tried = ""
    if listener is not None:
        outcome = _callback(ctx, injector)
        if isinstance(outcome, Verdict):
            return outcome
        tried = outcome
    else:
        tried = f"out-of-band test not run: {ctx.services.callbacks_off}"
    internal = _internal_answer(ctx, injector)
    return internal if isinstance(internal, Verdict) else passed(f"{tried}; {internal}")


def _callback(ctx: ProbeContext, injector: Injector) -> Verdict | str:
    listener = ctx.services.callbacks
    assert listener is not None
    point = injector.point
    token = ctx.token("ssrf")
    first = injector.send(listener.url(token))
    hits = listener.wait(token, timeout=WAIT, control=ctx.client.control)
    if not hits:
        return f"no fetch of the listener's URL within {WAIT:g} s ({first.status})"
    token = ctx.token("ssrf")
    again = injector.send(listener.url(token))
    confirming = listener.wait(token, timeout=WAIT, control=ctx.client.control)
    if not confirming:
        return unconfirmed(f"the server fetched the listener's URL once ({describe_hit(hits[0])}), "
                      "not the second")
    internal = listener.reachable_only_internally
    reach = ("an internal address (the listener listens on a private or loopback address)" if internal
             else "an address of our choice on the internet")
    return found(ctx.finding(
        operation=point.operation,
        proof=again,
        parameter=point.name,
        title="Server-side request forgery (out-of-band callback)",
        why=(
            f"given {listener.url(token)} in the {point.label}, the server fetched it ({describe_hit(confirming[0])}), "
            f"twice with different tokens: it requests URLs callers choose, here {reach}"
        ),
        description=(
            f"{point.operation.method} {point.operation.path} fetches the URL its {point.label} names. An attacker "
            "can make the server call internal services, cloud metadata endpoints or other hosts on its behalf. "
            "To reproduce, replace the URL in the curl line with one you can watch."
        ),
        evidence=[(first, "first URL given (fetched)"), (again, "second URL given (fetched)")],
        confidence=Confidence.HIGH if internal else Confidence.MEDIUM,
    ))


def _known_internal_content(ctx: ProbeContext) -> tuple[str, str] | None:
    """A path of the target that anonymous callers get an answer from, and the start of that answer."""
    kb = ctx.kb
    for op in kb.description.operations:
        if op.method != "GET" or "{" in op.path:
            continue
        observation = kb.observation(op, kb.anonymous.name)
        if observation is None or not kb.is_success(observation.reply, op):
            continue
        text = observation.reply.text.strip()
        if len(text) >= 12:
            return urlsplit(observation.reply.url).path, text[:SNIPPET]
    return None


def _reflects(text: str, snippet: str) -> bool:
    return snippet in text or snippet.replace("\\", "\\\\").replace('"', '\\"') in text


def _internal_answer(ctx: ProbeContext, injector: Injector) -> Verdict | str:
    known = _known_internal_content(ctx)
    if known is None:
        return "no public answer known to recognise an internal fetch by"
    path, snippet = known
    port = urlsplit(ctx.client.root).port or (443 if ctx.client.root.startswith("https") else 80)
    internal_url = f"http://127.0.0.1:{port}{path}"
    plain = injector.plain()
    reply = injector.send(internal_url)
    if not _reflects(reply.text, snippet) or _reflects(plain.text, snippet):
        return "an internal URL's content did not come back"
    control = injector.send(f"http://127.0.0.1:{port}/{ctx.token('nat-absent')}")
    if _reflects(control.text, snippet):
        return "the answer holds the internal content whatever URL is given"
    again = injector.send(internal_url)
    if not _reflects(again.text, snippet):
        return "an internal URL's content came back once, not on the repeat"
    point = injector.point
    return found(ctx.finding(
        operation=point.operation,
        proof=again,
        parameter=point.name,
        title="Server-side request forgery (internal address answered)",
        why=(
            f"given {internal_url} in the {point.label}, the answer holds what that internal address serves "
            f"({snippet[:24]!r}…), twice, while a missing page at the same address and the plain value do not; no "
            "out-of-band fetch was observed, so this rests on the reflected content"
        ),
        description=(
            f"{point.operation.method} {point.operation.path} appears to fetch the URL its {point.label} names and to "
            "return what it got, internal addresses included."
        ),
        evidence=[(plain, "plain value"), (control, "missing internal page"), (again, "internal URL reflected")],
        score=INTERNAL_SCORE,
        confidence=Confidence.LOW,
    ))
