"""API4 Resource limits: page sizes the server does not cap, and request bodies of megabytes accepted.

Page size: a page-size parameter of a list read is set small and then to 10 000; the large answer
must hold more records than the small one and more than the documented maximum (or 100 when none
is documented), the same again on a second request. Body size: the first creation recon saw
succeed is sent again with a 3 MB text property added; accepted twice is the finding.
"""
from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from scans.engine.checks.compare import answer
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, skipped
from scans.engine.checks.inputs import Injector, InputPoint, input_points
from scans.engine.checks.objects import json_body
from scans.engine.checks.registry import Agent, check
from scans.engine.http.curl import shell_word
from scans.engine.http.reply import Call
from scans.engine.identity.identity import Identity
from scans.engine.kb.knowledge import KnowledgeBase, Observation
from scans.engine.kb.operations import is_auth_operation, is_destructive, privilege_reason
from scans.engine.owasp import Owasp

PAGE_SIZE_NAMES = frozenset({
    "limit", "pagesize", "perpage", "size", "count", "max", "maxresults", "top", "take", "first", "rows",
    "pagelimit", "resultsperpage", "itemsperpage", "numresults",
})
SMALL = 5
LARGE = 10_000
DEFAULT_CAP = 100
PADDING_BYTES = 3 * 1024 * 1024
PADDING_FIELD = "nat_padding"


def _normalized(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


@check(
    name="unbounded_page_size",
    title="Page size not capped",
    owasp=Owasp.API4,
    cwe=770,
    score=40,
    remediation=(
        "Validate page-size parameters against a maximum on the server (reject or clamp larger values), "
        "document the maximum, and paginate every list."
    ),
    agent=Agent.ABUSE,
)
def unbounded_page_size(plan: PlanContext) -> Iterator[Probe]:
    """A probe per integer page-size parameter of a read."""
    for op in plan.kb.description.operations:
        if op.kind != "rest" or op.method != "GET":
            continue
        for point in input_points(op):
            if point.location == "query" and point.is_number and _normalized(point.name) in PAGE_SIZE_NAMES:
                yield plan.probe(op, partial(_page_size, point=point), key=point.key)


def _page_size(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    schema = point.schema if isinstance(point.schema, Mapping) else {}
    maximum = schema.get("maximum")
    cap = int(maximum) if isinstance(maximum, (int, float)) and not isinstance(maximum, bool) else DEFAULT_CAP
    small_size = max(SMALL, int(schema.get("minimum", 0) or 0))
    small = injector.send(small_size)
    large = injector.send(LARGE)
    small_count, large_count = answer(small, []).records, answer(large, []).records
    if not (ctx.kb.is_success(small) and ctx.kb.is_success(large)) or min(small_count, large_count) < 0:
        return passed(f"no list to count ({small.status}, {large.status})")
    if small_count > small_size:
        return passed(f"{point.name}={small_size} returned {small_count} records: the parameter is not honoured")
    if large_count <= cap:
        return passed(f"{point.name}={LARGE} returned {large_count} records, within the cap of {cap}")
    again = injector.send(LARGE)
    if answer(again, []).records != large_count:
        return passed(f"{point.name}={LARGE} returned {large_count} records once, not on the repeat")
    limit = f"the documented maximum of {cap}" if maximum is not None else f"a sane cap of {DEFAULT_CAP}"
    return found(ctx.finding(
        operation=point.operation,
        proof=again,
        parameter=point.name,
        why=(
            f"{point.name}={small_size} returned {small_count} records and {point.name}={LARGE} returned {large_count} "
            f"({len(again.body)} bytes), more than {limit}, twice"
        ),
        description=(
            f"{point.operation.method} {point.operation.path} returns as many records as its {point.name!r} asks for: "
            "one request can make the server read and serialise its whole table."
        ),
        evidence=[(small, f"{point.name}={small_size}"), (again, f"{point.name}={LARGE}")],
    ))


def first_creation(kb: KnowledgeBase) -> Observation | None:
    """The first creation with a JSON object body (description order) that recon saw succeed."""
    for op in kb.description.operations:
        if op.method != "POST" or "{" in op.path or is_auth_operation(op) or is_destructive(op) or privilege_reason(op):
            continue
        for observation in kb.observations(op):
            if kb.is_success(observation.reply, op) and json_body(observation.call.body) is not None \
                    and "json" in observation.call.content_type:
                return observation
    return None


@check(
    name="request_size_limit",
    title="No limit on request body size",
    owasp=Owasp.API4,
    cwe=770,
    score=30,
    remediation=(
        "Cap request bodies at the proxy and in the framework (e.g. 1 MB for JSON, `client_max_body_size`, "
        "`DATA_UPLOAD_MAX_MEMORY_SIZE`) and answer 413 above it; set tighter limits per field."
    ),
    agent=Agent.ABUSE,
)
def request_size_limit(plan: PlanContext) -> Iterator[Probe]:
    """One probe, on the first creation recon saw succeed."""
    observation = first_creation(plan.kb)
    if observation is not None:
        yield plan.probe(observation.operation, partial(_body_size, observation=observation), key="api")


def _body_size(ctx: ProbeContext, *, observation: Observation) -> Verdict:
    identity = ctx.kb.identity(observation.identity)
    if identity is None:
        return skipped("the identity recon created with is gone")
    op = observation.operation
    body = ctx.call(op, body=json_body(observation.call.body) or {}).body
    base = json_body(body) or {}
    padded = {**base, PADDING_FIELD: "a" * PADDING_BYTES}
    call = ctx.call(op, body=padded)
    first = ctx.send(call, identity)
    if not ctx.kb.is_success(first, op):
        return passed(f"a {PADDING_BYTES // (1024 * 1024)} MB body was refused ({first.status})")
    again = ctx.send(call, identity)
    if not ctx.kb.is_success(again, op):
        return passed(f"a large body was accepted once, then refused ({again.status})")
    return found(ctx.finding(
        operation=op,
        proof=again,
        why=(
            f"{op.method} {op.path} accepted a {len(call.body or b'') / (1024 * 1024):.1f} MB body (a valid object plus "
            f"a {PADDING_BYTES // (1024 * 1024)} MB property) with {again.status}, twice"
        ),
        description=(
            f"{op.method} {op.path} reads bodies of megabytes: a few concurrent requests tie up memory and "
            "bandwidth. (The curl line builds the 3 MB body with `head` and `tr`.)"
        ),
        evidence=[(observation.reply, "recon's ordinary creation"), (again, "3 MB body accepted")],
        curl=_padded_curl(ctx, call, identity, base),
    ))


def _padded_curl(ctx: ProbeContext, call: Call, identity: Identity, base: dict[str, Any]) -> str:
    """A curl line that generates the padded body instead of carrying 3 MB on the command line."""
    url, headers = ctx.client.prepare(call, identity)
    marker = "\x00"
    text = json.dumps({**base, PADDING_FIELD: marker})
    before, after = text.split(json.dumps(marker)[1:-1], 1)
    redactor = ctx.client.redactor
    options = [shlex.quote(option) for option in ctx.client.curl_options(url)]
    words = ["curl", "-sS", "-g", *options, "-X", call.method, shell_word(url, redactor=redactor)]
    for name, value in headers.items():
        if name.lower() not in ("user-agent", "content-length"):
            words += ["-H", shell_word(f"{name}: {value}", redactor=redactor)]
    generator = (f"printf '%s' {shell_word(before, redactor=redactor)}; head -c {PADDING_BYTES} /dev/zero | tr '\\0' a; "
                 f"printf '%s' {shlex.quote(after)}")
    words += ["--data-binary", f"@<({generator})"]
    return " ".join(words)
