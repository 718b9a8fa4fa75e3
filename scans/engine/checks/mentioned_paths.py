"""API9 Undocumented endpoints: paths the API itself mentions (links in bodies, `Link`, `Location`
headers) that its description does not document, and that answer. A made-up path beside it must not
answer the same way (a catch-all proves nothing); re-read once. Paths are from the host's root."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from urllib.parse import urljoin, urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Confidence
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.kb.resources import PARAM
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

PATH_LIKE = re.compile(r"^(https?://[^/\s]+)?/[A-Za-z0-9_\-./~%]*$")
LINK = re.compile(r"<([^>]+)>")
STATIC = re.compile(r"\.(js|css|png|jpe?g|gif|svg|ico|woff2?|ttf|map|html?)$", re.IGNORECASE)
MAX_PATHS = 20


def documented_patterns(kb: KnowledgeBase, base_path: str) -> list[re.Pattern[str]]:
    """Patterns matching the documented paths from the host's root (parameters match any segment)."""
    patterns = []
    for op in kb.description.operations:
        full = base_path.rstrip("/") + op.path
        pattern = PARAM.sub("[^/]+", re.escape(full).replace(r"\{", "{").replace(r"\}", "}"))
        patterns.append(re.compile("^" + pattern.rstrip("/") + "/?$"))
    return patterns


def _mentions(reply: Reply) -> Iterator[str]:
    for name in ("Link", "Location", "Content-Location"):
        value = reply.headers.get(name, "")
        yield from (LINK.findall(value) if name == "Link" else [value] if value else [])
    if reply.is_json:
        for _, value in jsondata.leaves(reply.data):
            if isinstance(value, str) and PATH_LIKE.match(value):
                yield value


def mentioned_paths(kb: KnowledgeBase, root: str) -> dict[str, str]:
    """Undocumented same-host paths recon's answers mention, each with the identity that saw it first."""
    parts = urlsplit(root)
    origin = f"{parts.scheme}://{parts.netloc}"
    documented = documented_patterns(kb, parts.path)
    found_paths: dict[str, str] = {}
    for observation in kb.observations():
        for mention in _mentions(observation.reply):
            url = urlsplit(urljoin(observation.reply.url, mention))
            if f"{url.scheme}://{url.netloc}" != origin or not url.path or STATIC.search(url.path):
                continue
            if any(pattern.match(url.path) for pattern in documented):
                continue
            found_paths.setdefault(url.path, observation.identity)
    return dict(list(found_paths.items())[:MAX_PATHS])


@check(
    name="undocumented_endpoint",
    title="Undocumented endpoint answers",
    owasp=Owasp.API9,
    cwe=1059,
    score=30,
    remediation=(
        "Document every endpoint the API serves (or remove it): an undocumented endpoint escapes review, "
        "testing and the gateway's policies."
    ),
    agent=Agent.INVENTORY,
)
def undocumented_endpoint(plan: PlanContext) -> Iterator[Probe]:
    """A probe per undocumented path the API's answers mention."""
    for path, seen_by in mentioned_paths(plan.kb, plan.root).items():
        op = Operation(method="GET", path=path, summary="mentioned by the API, not documented")
        yield plan.probe(op, partial(_probe, path=path, seen_by=seen_by, root=plan.root), key=path)


def _get(ctx: ProbeContext, url: str, identity: Identity) -> Reply:
    return ctx.send(Call("GET", urlsplit(url).path, url=url), identity)


def _probe(ctx: ProbeContext, *, path: str, seen_by: str, root: str) -> Verdict:
    identity = ctx.kb.identity(seen_by) or ctx.kb.anonymous
    parts = urlsplit(root)
    origin = f"{parts.scheme}://{parts.netloc}"
    first = _get(ctx, origin + path, identity)
    if not ctx.kb.is_success(first):
        return passed(f"{path} is mentioned but answers {first.status}")
    control = _get(ctx, origin + path.rstrip("/") + "-" + ctx.token("nat"), identity)
    if ctx.kb.is_success(control) and first.is_json == control.is_json and \
            jsondata.key_shape(first.data) == jsondata.key_shape(control.data):
        return passed(f"{path} answers, but so does a made-up path beside it")
    again = _get(ctx, origin + path, identity)
    if not ctx.kb.is_success(again):
        return passed(f"{path} answered once, not on the repeat")
    return found(ctx.finding(
        operation=Operation(method="GET", path=path),
        proof=again,
        why=(
            f"the API's own answers mention {path}, which its description does not document; GET {path} answers "
            f"{again.status} as {identity.name}, twice, while a made-up path beside it answers {control.status}"
        ),
        description=(
            f"{path} is served and linked to by the API but missing from its description, so it escapes the "
            "review and tests the documented operations get."
        ),
        evidence=[(control, "made-up path beside it"), (again, "undocumented path")],
        confidence=Confidence.MEDIUM,
    ))
