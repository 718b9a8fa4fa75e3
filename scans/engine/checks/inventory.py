"""API9 Inventory: other versions of the API still answering, and documented operations the API
no longer serves (spec drift).

Versions: the documented path of a read an identity was answered on is tried with its version
segment replaced (`/v1` → `/v0`, `/v2`, `/internal`, `/beta`…; or one inserted after an unversioned
base). A sibling counts when it answers like the documented path, while a made-up sibling does
not (a catch-all proves nothing); re-read once. Paths in these findings are from the host's root.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, found_all, passed
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Confidence
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnowledgeBase, Observation
from scans.engine.kb.operations import privilege_reason
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

VERSION = re.compile(r"^v(\d+)$", re.IGNORECASE)
SIBLING_WORDS = ("internal", "beta", "legacy", "old", "dev", "private")
ALIKE = 0.5
MISSING = (404, 405, 501)


def siblings(path: str, base_path: str) -> list[tuple[str, str]]:
    """Sibling paths of `path` (from the host's root) with the version segment swapped, each with
    the segment used; a version is inserted after `base_path` when the path has none."""
    segments = path.strip("/").split("/")
    versioned = next(((position, int(match.group(1))) for position, segment in enumerate(segments)
                      if (match := VERSION.match(segment))), None)
    if versioned is None:
        index = resume = len([segment for segment in base_path.strip("/").split("/") if segment])
        replacements = ["v1", "v2", *SIBLING_WORDS]
    else:
        index, current = versioned
        replacements = [f"v{number}" for number in range(current + 2) if number != current] + list(SIBLING_WORDS)
        resume = index + 1
    trailing = "/" if path.endswith("/") and path != "/" else ""
    return [("/" + "/".join([*segments[:index], segment, *segments[resume:]]) + trailing, segment)
            for segment in replacements]


def read_answered(kb: KnowledgeBase) -> Observation | None:
    """The first read (description order) an identity was answered on, secured ones first."""
    candidates: list[tuple[bool, int, Observation]] = []
    for op in kb.description.operations:
        if op.method != "GET" or "{" in op.path:
            continue
        observation = next((obs for obs in kb.observations(op)
                            if obs.identity != kb.anonymous.name and kb.is_success(obs.reply, op)), None)
        if observation is not None and observation.reply.is_json:
            candidates.append((not op.is_secured, len(candidates), observation))
    return min(candidates)[2] if candidates else None


@check(
    name="old_api_version",
    title="Another version of the API still answers",
    owasp=Owasp.API9,
    cwe=1059,
    score=45,
    remediation=(
        "Retire old and pre-release versions (or put them behind the same gateway, authentication and "
        "monitoring as the current one), and keep an inventory of every deployed version and host."
    ),
    agent=Agent.INVENTORY,
)
def old_api_version(plan: PlanContext) -> Iterator[Probe]:
    """One probe, on the first read an identity was answered."""
    observation = read_answered(plan.kb)
    if observation is not None:
        yield plan.probe(observation.operation, partial(_versions, observation=observation), key="api")


def _get(ctx: ProbeContext, url: str, identity: Identity) -> Reply:
    return ctx.send(Call("GET", urlsplit(url).path, url=url), identity)


def _answers_alike(ctx: ProbeContext, reply: Reply, documented: Reply) -> bool:
    if not (reply.ok and reply.is_json) or ctx.kb.is_error(reply):
        return False
    return jsondata.key_shape(reply.data) == jsondata.key_shape(documented.data) or \
        jsondata.likeness(documented.data, reply.data) >= ALIKE


def _versions(ctx: ProbeContext, *, observation: Observation) -> Verdict:
    documented = observation.reply
    parts = urlsplit(documented.url)
    origin = f"{parts.scheme}://{parts.netloc}"
    identity = ctx.kb.identity(observation.identity) or ctx.kb.anonymous
    base_path = urlsplit(ctx.client.root).path
    answering = []
    for path, segment in siblings(parts.path, base_path):
        reply = _get(ctx, origin + path, identity)
        if _answers_alike(ctx, reply, documented):
            answering.append((path, segment, reply))
    if not answering:
        return passed(f"no other version answers ({len(siblings(parts.path, base_path))} tried)")
    first_path, first_segment, _ = answering[0]
    made_up = re.sub(rf"(?<=/){re.escape(first_segment)}(?=/|$)", f"v{ctx.rng.randrange(7000, 9999)}", first_path,
                     count=1)
    control = _get(ctx, origin + made_up, identity)
    if _answers_alike(ctx, control, documented):
        return passed("made-up versions answer too: the server answers any version segment")
    findings = []
    for path, segment, _ in answering:
        again = _get(ctx, origin + path, identity)
        if not _answers_alike(ctx, again, documented):
            continue
        anonymous = _get(ctx, origin + path, ctx.kb.anonymous)
        open_to_all = ctx.kb.is_success(anonymous) and not ctx.kb.is_success(
            next((obs.reply for obs in ctx.kb.observations(observation.operation)
                  if obs.identity == ctx.kb.anonymous.name), anonymous))
        findings.append(ctx.finding(
            operation=Operation(method="GET", path=path),
            proof=again,
            title=f"Another version of the API still answers ({segment})",
            why=(
                f"GET {path} answers like the documented {parts.path} ({again.status}, "
                f"{jsondata.likeness(documented.data, again.data):.0%} alike), twice, while a made-up version "
                f"({made_up}) answers {control.status}" + ("; it answers anonymous callers too" if open_to_all else "")
            ),
            description=(
                f"The API still serves {segment!r} beside the documented version. Old and pre-release versions miss "
                "the fixes and controls of the current one and are rarely monitored."
            ),
            evidence=[(documented, "documented version"), (control, "made-up version"), (again, f"{segment} version")],
            score=70 if open_to_all else None,
        ))
    if not findings:
        return passed("other versions answered once, not on the repeat")
    return found_all(findings, "; ".join(finding.title for finding in findings))


@check(
    name="spec_drift",
    title="Documented operation not served",
    owasp=Owasp.API9,
    cwe=1059,
    score=15,
    remediation=(
        "Generate the API description from the code (or test the code against it in CI) so that it lists "
        "what is deployed, no more and no less."
    ),
    agent=Agent.INVENTORY,
)
def spec_drift(plan: PlanContext) -> Iterator[Probe]:
    """A probe per documented read without parameters that every identity got 404 or 405 for."""
    kb = plan.kb
    if not any(kb.is_success(obs.reply) for obs in kb.observations()):
        return
    for op in kb.description.operations:
        if op.method != "GET" or "{" in op.path or privilege_reason(op):
            continue
        observations = kb.observations(op)
        if observations and all(obs.reply.status in MISSING for obs in observations):
            yield plan.probe(op, partial(_drift, op=op, observation=observations[0]), key=op.key)


def _drift(ctx: ProbeContext, *, op: Operation, observation: Observation) -> Verdict:
    identity = ctx.kb.identity(observation.identity) or ctx.kb.anonymous
    again = ctx.send(observation.call, identity)
    if again.status not in MISSING:
        return passed(f"answered {again.status} when asked again")
    return found(ctx.finding(
        operation=op,
        proof=again,
        why=f"{op.method} {op.path} is documented, yet every identity got {observation.reply.status} for it, and "
            f"{again.status} again",
        description=(
            f"The API description lists {op.method} {op.path}, which the API does not serve: the description and "
            "the deployment have drifted apart, so what is really deployed is not what was reviewed."
        ),
        evidence=[(observation.reply, "recon's answer"), (again, "asked again")],
        confidence=Confidence.MEDIUM,
    ))
