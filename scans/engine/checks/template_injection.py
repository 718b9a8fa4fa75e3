"""Server-side template injection: an arithmetic expression in a template language's delimiters
comes back evaluated (the product of two random numbers), while the same expression with its
delimiters broken by a space (a literal twin no engine evaluates) does not; confirmed with other
numbers."""
from __future__ import annotations

import random
from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import Injector, InputPoint, text_points
from scans.engine.checks.registry import Agent, check
from scans.engine.owasp import Owasp

SYNTAXES = (
    ("{{%s}}", "Jinja2, Twig, Nunjucks"),
    ("${%s}", "FreeMarker, Thymeleaf, EL, Mako, JavaScript template literals"),
    ("<%%= %s %%>", "ERB, EJS"),
    ("#{%s}", "Ruby interpolation, Pug, Slim"),
    ("*{%s}", "Thymeleaf selection expressions"),
    ("@(%s)", "Razor"),
)
"""Expression delimiters of template languages, with the engines that evaluate them."""


@check(
    name="template_injection",
    title="Server-side template injection",
    owasp=Owasp.API8,
    cwe=1336,
    score=90,
    remediation=(
        "Never build a template from input: pass input to a fixed template as data (a context variable), "
        "use a sandboxed, logic-less engine for user-editable templates, and escape template delimiters."
    ),
    agent=Agent.INJECTION,
)
def template_injection(plan: PlanContext) -> Iterator[Probe]:
    """A probe per free-text input of the reads and creations."""
    for point in text_points(plan.kb):
        yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _literal(expression: str) -> str:
    """The expression with its opening delimiter split by a space: text to every engine."""
    return expression[0] + " " + expression[1:]


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    value = injector.base_value
    plain = injector.send(value)
    rng = random.Random()
    for syntax, engines in SYNTAXES:
        left, right = rng.randrange(1000, 9999), rng.randrange(1000, 9999)
        product = str(left * right)
        expression = syntax % f"{left}*{right}"
        if product in plain.text:
            continue
        evaluated = injector.send(value + expression)
        if product not in evaluated.text:
            continue
        literal = injector.send(value + _literal(expression))
        if product in literal.text:
            continue
        left, right = rng.randrange(1000, 9999), rng.randrange(1000, 9999)
        again_expression = syntax % f"{left}*{right}"
        again = injector.send(value + again_expression)
        if str(left * right) not in again.text:
            return passed(f"{syntax % 'a*b'} was evaluated once, not on the repeat")
        return found(ctx.finding(
            operation=point.operation,
            proof=again,
            parameter=point.name,
            title=f"Server-side template injection ({syntax % '…'})",
            why=(
                f"{again_expression!r} in the {point.label} came back as {left * right}: the server evaluated it as a "
                f"template expression ({engines}); the literal twin {_literal(again_expression)!r} was not evaluated; "
                "twice with other numbers"
            ),
            description=(
                f"{point.operation.method} {point.operation.path} renders the {point.label} as part of a template: "
                "template expressions run on the server, which usually leads to code execution."
            ),
            evidence=[(plain, "plain value"), (literal, "literal twin"), (again, "expression evaluated")],
        ))
    return passed(f"no template expression was evaluated ({len(SYNTAXES)} syntaxes)")
