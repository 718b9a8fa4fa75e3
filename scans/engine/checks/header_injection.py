"""Header (CRLF) injection: a carriage return and line feed in an input start a header of our own
in the answer; the same text without them does not; confirmed with a second header."""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import Injector, InputPoint, text_points
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Reply
from scans.engine.owasp import Owasp

BREAKS = (("\r\n", "%0d%0a"), ("\n", "%0a"))


@check(
    name="header_injection",
    title="HTTP header injection (CRLF)",
    owasp=Owasp.API8,
    cwe=113,
    score=55,
    remediation=(
        "Never copy input into a response header as is: reject or strip CR and LF (or encode the value, as for "
        "a Location URL), and use the framework's redirect and header helpers, which refuse line breaks."
    ),
    agent=Agent.INJECTION,
)
def header_injection(plan: PlanContext) -> Iterator[Probe]:
    """A probe per free-text query or path input of the reads."""
    for point in text_points(plan.kb, methods=("GET",)):
        if point.location in ("query", "path"):
            yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _header(ctx: ProbeContext) -> tuple[str, str]:
    token = ctx.token("h").replace("-", "")
    return f"X-Nat-{token}", token


def _send(injector: Injector, line_break: str, name: str, token: str) -> Reply:
    return injector.send(f"{injector.base_value}{line_break}{name}: {token}")


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    for line_break, shown in BREAKS:
        name, token = _header(ctx)
        first = _send(injector, line_break, name, token)
        if first.headers.get(name) != token:
            continue
        control = _send(injector, " ", name, token)
        if control.headers.get(name) == token:
            continue
        name, token = _header(ctx)
        again = _send(injector, line_break, name, token)
        if again.headers.get(name) != token:
            return passed(f"a header was injected with {shown} once, not on the repeat")
        return found(ctx.finding(
            operation=point.operation,
            proof=again,
            parameter=point.name,
            why=(
                f"{shown} followed by `{name}: {token}` in the {point.label} added that header to the answer, twice "
                "with different headers; the same text without the line break did not"
            ),
            description=(
                f"{point.operation.method} {point.operation.path} copies its {point.label} into a response header "
                "with line breaks intact: a link can set cookies, headers or a whole forged answer (response "
                "splitting)."
            ),
            evidence=[(control, "without the line break"), (again, "header injected")],
        ))
    return passed("no header was injected")
