"""Reflected XSS: a tag sent in an input comes back unescaped in an answer a browser renders as
HTML (`text/html`, a second Content-Type, or no `nosniff` with HTML-looking content). Input echoed
in a JSON answer served as JSON is not XSS. Confirmed with a second tag."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import Injector, InputPoint, text_points
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Reply
from scans.engine.owasp import Owasp

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml"})
UNDECLARED_TYPES = frozenset({"", "unknown/unknown", "application/unknown", "*/*"})
HTML_START = re.compile(
    r"^\s*<(!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--|img|svg)[\s>/]",
    re.IGNORECASE,
)
"""Starts the MIME sniffing standard reads as HTML."""


def html_rendering(reply: Reply) -> str:
    """Why a browser renders `reply` as HTML, or `""` when it does not."""
    header = reply.headers.get("Content-Type", "")
    types = [part.split(";", 1)[0].strip().lower() for part in header.split(",")] if header else [""]
    html = [kind for kind in types if kind in HTML_TYPES]
    if html:
        return f"served as {html[0]}" + (" (one of several Content-Type headers)" if len(types) > 1 else "")
    nosniff = "nosniff" in reply.headers.get("X-Content-Type-Options", "").lower()
    if not nosniff and types[-1] in UNDECLARED_TYPES and HTML_START.match(reply.text[:512]):
        return "served without a Content-Type or nosniff, with HTML a browser sniffs as a page"
    return ""


@check(
    name="reflected_xss",
    title="Reflected cross-site scripting",
    owasp=Owasp.API8,
    cwe=79,
    score=60,
    remediation=(
        "Serve API answers as JSON with `X-Content-Type-Options: nosniff`; where HTML is rendered, escape every "
        "value for its context (a template engine with auto-escaping) and add a Content-Security-Policy."
    ),
    agent=Agent.INJECTION,
)
def reflected_xss(plan: PlanContext) -> Iterator[Probe]:
    """A probe per free-text query or path input of the reads."""
    for point in text_points(plan.kb, methods=("GET",)):
        if point.location in ("query", "path"):
            yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _reflected(ctx: ProbeContext, injector: Injector) -> tuple[Reply, str, str]:
    tag = f"<natx{ctx.token('x').replace('-', '')}>"
    reply = injector.send(injector.base_value + "\"'>" + tag)
    return reply, tag, html_rendering(reply) if tag in reply.text else ""


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    first, tag, rendering = _reflected(ctx, injector)
    if tag not in first.text:
        return passed("the tag did not come back unescaped")
    if not rendering:
        return passed(f"the tag came back in an answer browsers do not render as HTML ({first.content_type or 'none'})")
    again, tag, rendering = _reflected(ctx, injector)
    if not rendering:
        return passed("the tag came back rendered as HTML once, not on the repeat")
    return found(ctx.finding(
        operation=point.operation,
        proof=again,
        parameter=point.name,
        why=f"the tag {tag} sent in the {point.label} comes back unescaped in an answer {rendering}, twice",
        description=(
            f"{point.operation.method} {point.operation.path} writes its {point.label} into HTML without escaping it: "
            "a link carrying a script runs it in the victim's browser, on the API's origin."
        ),
        evidence=[(first, "first tag reflected"), (again, "second tag reflected")],
    ))
