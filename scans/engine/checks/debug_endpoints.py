"""API8 Debug and admin endpoints exposed: well-known paths (actuator, metrics, debug vars, .env,
.git, consoles, GraphiQL…) answered to anonymous callers with the content they are known for,
graded by what that content gives away. A missing page at the same root must not match (a
catch-all answer proves nothing); re-read once. Undocumented debug, admin and internal paths
(`hidden_paths`) count only when anonymous callers get something sensitive from them (passwords,
secrets, tokens, an environment file); a harmless answer is not a finding."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, found_all, passed
from scans.engine.checks.exposure import known_passwords
from scans.engine.checks.hidden_paths import hidden_paths
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.sensitive import Sensitive, sensitive_values
from scans.engine.http.client import RequestRefused
from scans.engine.http.reply import Call, Reply
from scans.engine.model import Operation
from scans.engine.owasp import Owasp


@dataclass(frozen=True, slots=True)
class KnownEndpoint:
    path: str
    what: str
    content: re.Pattern[str]
    score: int


def _known(path: str, what: str, content: str, score: int, flags: int = 0) -> KnownEndpoint:
    return KnownEndpoint(path, what, re.compile(content, flags), score)


KNOWN = (
    _known("/.env", "an environment file with secrets",
           r"^[A-Z][A-Z0-9_]*(SECRET|PASSWORD|PASSWD|KEY|TOKEN|DATABASE_URL)[A-Z0-9_]*\s*=", 90, re.MULTILINE),
    _known("/actuator/env", "Spring Boot's environment (configuration, often secrets)",
           r'"(propertySources|activeProfiles)"\s*:', 80),
    _known("/actuator/httptrace", "recent requests with their headers", r'"(traces|exchanges)"\s*:\s*\[', 75),
    _known("/actuator", "Spring Boot's actuator index", r'"_links"\s*:\s*\{', 40),
    _known("/.git/config", "the Git repository's metadata", r"^\[core\]", 60, re.MULTILINE),
    _known("/console", "an interactive debug console", r"Werkzeug|Interactive Console|H2 Console", 85),
    _known("/h2-console", "the H2 database console", r"H2 Console", 80),
    _known("/debug/pprof/", "Go's pprof profiler", r"Types of profiles available", 50),
    _known("/debug/vars", "Go's expvar (command line, memory statistics)", r'"(memstats|cmdline)"\s*:', 45),
    _known("/phpinfo.php", "phpinfo (configuration and environment)", r"<title>phpinfo\(\)</title>|PHP Version \d",
           50),
    _known("/server-status", "Apache's server status (clients and URLs)", r"Apache Server Status for", 40),
    _known("/elmah.axd", "ELMAH's error log", r"Error Log for", 60),
    _known("/__debug__/", "Django Debug Toolbar", r"djdt|Django Debug Toolbar", 50),
    _known("/metrics", "Prometheus metrics", r"^# (HELP|TYPE) \w+", 30, re.MULTILINE),
    _known("/actuator/prometheus", "Prometheus metrics", r"^# (HELP|TYPE) \w+", 30, re.MULTILINE),
    _known("/graphiql", "the GraphiQL IDE", r"graphiql", 25, re.IGNORECASE),
    _known("/admin/", "an admin login page", r"Django site admin|Log in \| Django|<title>[^<]*admin[^<]*</title>",
           20, re.IGNORECASE),
)


@check(
    name="debug_endpoints",
    title="Debug or admin endpoint exposed",
    owasp=Owasp.API8,
    cwe=215,
    score=50,
    remediation=(
        "Do not deploy debug tooling; bind management endpoints (actuator, metrics, consoles) to an internal "
        "port or network and require authentication; keep .env and .git out of served folders."
    ),
    agent=Agent.CONFIGURATION,
)
def debug_endpoints(plan: PlanContext) -> Iterator[Probe]:
    """One probe per well-known path, at the host's root and at the API's root."""
    for known in KNOWN:
        op = Operation(method="GET", path=known.path, summary=known.what)
        yield plan.probe(op, partial(_probe, known=known), key=known.path)
    yield from plan_hidden(plan)


def roots(ctx: ProbeContext) -> list[str]:
    """The origin of the API, and its root when that is deeper."""
    parts = urlsplit(ctx.client.root)
    origin = f"{parts.scheme}://{parts.netloc}"
    return list(dict.fromkeys((origin, ctx.client.root)))


def _get(ctx: ProbeContext, url: str) -> Reply:
    return ctx.send(Call("GET", urlsplit(url).path, url=url), ctx.kb.anonymous)


def _probe(ctx: ProbeContext, *, known: KnownEndpoint) -> Verdict:
    for root in roots(ctx):
        url = root + known.path
        first = _get(ctx, url)
        if not (first.ok and known.content.search(first.text[:65536])):
            continue
        control = _get(ctx, f"{root}/{ctx.token('nat-absent')}{known.path}")
        if control.ok and known.content.search(control.text[:65536]):
            return passed(f"{url} matches, but so does a missing page: the server answers every path alike")
        again = _get(ctx, url)
        if not (again.ok and known.content.search(again.text[:65536])):
            return passed(f"{url} answered once, not on the repeat")
        path = urlsplit(url).path
        return found(ctx.finding(
            operation=Operation(method="GET", path=path, summary=known.what),
            proof=again,
            title=f"Exposed: {known.what} at {path}",
            why=f"GET {path} answers anonymous callers ({again.status}) with {known.what}, twice; a missing page "
                f"next to it does not ({control.status})",
            description=(
                f"{path} serves {known.what} to anyone. Paths here are from the host's root, not the API's base."
            ),
            evidence=[(control, "missing page beside it"), (again, known.what)],
            score=known.score,
        ))
    return passed(f"{known.path} is not served")


def plan_hidden(plan: PlanContext) -> Iterator[Probe]:
    """One probe over the undocumented paths worth guessing (shipped list, description, answers)."""
    paths = hidden_paths(plan.kb, plan.root, skip=frozenset(known.path for known in KNOWN))
    if paths:
        op = Operation(method="GET", path="/", summary="undocumented debug, admin and internal paths")
        yield plan.probe(op, partial(_hidden, paths=paths), key="hidden")


def _leaks(ctx: ProbeContext, reply: Reply) -> list[Sensitive]:
    """The sensitive things an answer gives away: sensitive JSON values, or an environment file."""
    if not reply.ok or ctx.kb.is_error(reply):
        return []
    if reply.is_json:
        hits = sensitive_values(reply.data, known_passwords=known_passwords(ctx.kb), auth_operation=False)
        return list(hits.values())
    return [Sensitive("", "environment file", 90)] if KNOWN[0].content.search(reply.text[:65536]) else []


def _hidden(ctx: ProbeContext, *, paths: list[str]) -> Verdict:
    """Paths the user excluded, or that safe mode refuses (their names say they delete), are passed over."""
    origin = roots(ctx)[0]
    catch_all = _get(ctx, f"{origin}/{ctx.token('nat-absent')}/{ctx.token('nat')}")
    if catch_all.ok and not ctx.kb.is_error(catch_all):
        return passed(f"a made-up path answers {catch_all.status}: the server answers every path alike")
    findings = []
    for path in paths:
        try:
            first = _get(ctx, origin + path)
        except RequestRefused:
            continue
        if not _leaks(ctx, first):
            continue
        parent = path.rstrip("/").rsplit("/", 1)[0]
        control = _get(ctx, f"{origin}{parent}/{ctx.token('nat-absent')}")
        if _leaks(ctx, control):
            continue
        again = _get(ctx, origin + path)
        leaks = _leaks(ctx, again)
        if not leaks:
            continue
        what = ", ".join(sorted({f"{leak.kind} at {leak.path}" if leak.path else leak.kind for leak in leaks})[:5])
        findings.append(ctx.finding(
            operation=Operation(method="GET", path=path),
            proof=again,
            title=f"Undocumented endpoint leaks data: {path}",
            why=(f"GET {path}, absent from the API description, answers anonymous callers ({again.status}) with "
                 f"{what}, twice; a made-up path beside it does not ({control.status})"),
            description=f"{path} is served to anyone without being documented, and gives away {what}.",
            evidence=[(control, "made-up path beside it"), (again, "undocumented path")],
            score=max(leak.score for leak in leaks),
        ))
    if not findings:
        return passed(f"no undocumented path leaks anything ({len(paths)} tried)")
    return found_all(findings, "; ".join(finding.title for finding in findings))
