"""API10 Unsafe consumption: the server follows redirects from URLs it is given.

The URL handed to a URL-shaped input answers with a redirect to a second URL of the listener; a
fetch of the second proves the server follows redirects blindly (an allow-list checked on the
first URL is bypassed by the redirect). Needs the out-of-band listener; confirmed twice.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, skipped, unconfirmed
from scans.engine.checks.inputs import Injector, InputPoint
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.ssrf import WAIT, describe_hit, url_points
from scans.engine.findings import Confidence
from scans.engine.http.reply import Reply
from scans.engine.oob import REDIRECT, REDIRECTED
from scans.engine.owasp import Owasp


@check(
    name="redirect_following",
    title="Server follows redirects from URLs it is given",
    owasp=Owasp.API10,
    cwe=20,
    score=45,
    remediation=(
        "Do not follow redirects when fetching caller-supplied URLs, or validate every hop against the same "
        "allow-list and address checks as the first URL; treat what third parties return as untrusted input."
    ),
    agent=Agent.INJECTION,
    uses_callbacks=True,
)
def redirect_following(plan: PlanContext) -> Iterator[Probe]:
    """A probe per URL-shaped input of the reads and creations."""
    for point in url_points(plan.kb):
        yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _follows(ctx: ProbeContext, injector: Injector) -> tuple[Reply, str]:
    """Send a redirecting URL; the answer and whether the server fetched it (`"r"`) and followed (`"t"`)."""
    listener = ctx.services.callbacks
    assert listener is not None
    token = ctx.token("redir")
    reply = injector.send(listener.url(token, kind=REDIRECT))
    control = ctx.client.control
    if not listener.wait(token, kind=REDIRECT, timeout=WAIT, control=control):
        return reply, ""
    followed = listener.wait(token, kind=REDIRECTED, timeout=WAIT, control=control)
    return reply, describe_hit(followed[0]) if followed else "fetched"


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    if ctx.services.callbacks is None:
        return skipped(f"needs the out-of-band listener: {ctx.services.callbacks_off}")
    injector = Injector(ctx, point)
    first, outcome = _follows(ctx, injector)
    if not outcome:
        return passed("the server did not fetch the URL it was given")
    if outcome == "fetched":
        return passed("the server fetched the URL but did not follow its redirect")
    again, confirmed = _follows(ctx, injector)
    if confirmed in ("", "fetched"):
        return unconfirmed("the redirect was followed once, not the second time")
    return found(ctx.finding(
        operation=point.operation,
        proof=again,
        parameter=point.name,
        why=(
            f"the URL given in the {point.label} answered with a redirect to another URL of the listener, and the "
            f"server fetched that one too ({confirmed}), twice"
        ),
        description=(
            f"{point.operation.method} {point.operation.path} follows redirects when it fetches the URL its "
            f"{point.label} names: checks made on that URL do not hold for where it leads."
        ),
        evidence=[(first, "redirecting URL given (followed)"), (again, "second redirecting URL (followed)")],
        confidence=Confidence.MEDIUM,
    ))
