"""NoSQL operator injection: a query operator where a value was expected changes what the query
matches (`{"$ne": x}` in a JSON body, `name[$ne]=x` in a query string).

Always-true operators (`$ne` a random value, `$gt` the empty string) and always-false ones (`$eq`,
`$in` of random values) are sent in place of the value: the false ones must answer like the plain
value, the true ones differently, each pair twice with other operators.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from scans.engine.checks.compare import Answer, alike, answer
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed, skipped
from scans.engine.checks.inputs import Injector, InputPoint, injectable_points
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Reply
from scans.engine.owasp import Owasp


@check(
    name="nosql_injection",
    title="NoSQL operator injection",
    owasp=Owasp.API8,
    cwe=943,
    score=85,
    remediation=(
        "Accept only the type the input is documented with (a string stays a string: reject objects and "
        "`name[$op]` keys), and build queries with explicit equality (`{field: {$eq: value}}`) or a schema "
        "layer that casts input; never pass parsed request objects to the database as a filter."
    ),
    agent=Agent.INJECTION,
)
def nosql_injection(plan: PlanContext) -> Iterator[Probe]:
    """A probe per text input in a query string or a JSON body."""
    for point in injectable_points(plan.kb, accept=_operator_ready):
        yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _operator_ready(point: InputPoint) -> bool:
    """Text inputs whose transport can carry an object: a query string (`name[$op]=`) or a JSON body."""
    body = point.operation.request_body
    return point.is_text and (point.location == "query" or (point.location == "body" and body is not None
                                                               and "json" in body.content_type))


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    plain = injector.plain()
    if plain.status == 0:
        return skipped("the plain value got no answer")
    baseline = answer(plain, [injector.base_value])
    absent, other = ctx.token("nat-none"), ctx.token("nat-none")
    send, forms = _sender(ctx, injector)
    true_operators = ((f"$ne {absent!r}", forms("$ne", absent)), ("$gt ''", forms("$gt", "")))
    false_operators = ((f"$eq {absent!r}", forms("$eq", absent)), (f"$in [{other!r}]", forms("$in", [other])))
    rounds = []
    for (true_label, true_value), (false_label, false_value) in zip(true_operators, false_operators, strict=True):
        true_reply, false_reply = send(true_value), send(false_value)
        true_answer = answer(true_reply, [absent, other, *_texts(true_value)])
        false_answer = answer(false_reply, [absent, other, *_texts(false_value)])
        if not alike(false_answer, baseline):
            return passed(f"{false_label} does not answer like the plain value ({false_reply.status}): operators are "
                          "refused or read as text")
        if alike(true_answer, false_answer) or true_reply.status >= 500 or true_reply.status == 0:
            return passed(f"{true_label} and {false_label} answer alike: operators are not evaluated")
        rounds.append((true_label, true_reply, true_answer, false_reply, false_answer))
    (first_label, _, first_true, _, first_false), (label, true_reply, true_answer, false_reply, false_answer) = rounds
    if not (alike(first_true, true_answer) and alike(first_false, false_answer)):
        return passed("the operators' answers were not consistent")
    where = "in the JSON body" if point.location == "body" else "in the query string (`name[$op]=`)"
    return found(ctx.finding(
        operation=point.operation,
        proof=true_reply,
        parameter=point.name,
        why=(
            f"query operators {where} in place of the {point.label} change what matches: {first_label} and {label} "
            f"answer {_summary(true_answer)}, while always-false operators answer like the plain value "
            f"({_summary(false_answer)})"
        ),
        description=(
            f"{point.operation.method} {point.operation.path} passes the {point.label} to a NoSQL query as given: an "
            "operator object in its place matches records the caller never named."
        ),
        evidence=[(plain, "plain value"), (false_reply, "always-false operator"), (true_reply, "always-true operator")],
    ))


def _sender(ctx: ProbeContext, injector: Injector) -> tuple[Callable[[Any], Reply], Callable[[str, Any], Any]]:
    """How to send an operator for this input, and how to write one (`{"$ne": x}` or query pairs)."""
    name = injector.point.name
    if injector.point.location == "body":
        return injector.send, lambda operator, operand: {operator: operand}

    def pairs(operator: str, operand: Any) -> list[tuple[str, str]]:
        if isinstance(operand, list):
            return [(f"{name}[{operator}][]", str(item)) for item in operand]
        return [(f"{name}[{operator}]", str(operand))]

    return lambda value: ctx.send(injector.with_query(value), injector.identity), pairs


def _texts(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for pair in value for item in pair]
    return [json.dumps(value), json.dumps(value, separators=(",", ":"))]


def _summary(item: Answer) -> str:
    return f"{item.status}, {item.records} record(s)" if item.records >= 0 else f"{item.status}"
