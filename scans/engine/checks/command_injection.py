"""OS command injection: input that reaches a shell.

Output-based: a shell separator and `echo` of an arithmetic expansion (`$((a*b))`, random numbers)
brings the computed product back framed by markers, absent from the plain answer and from a
control where `echo` is misspelt; confirmed with other numbers. Time-based: `sleep N` after a
separator delays the answer by N at two durations, each against a same-length control (`sleex N`).
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import Injector, InputPoint, text_points
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.timed_inputs import timed_finding
from scans.engine.checks.timing import Delay
from scans.engine.http.reply import Reply
from scans.engine.owasp import Owasp

WRAPPERS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("';'", lambda command: f";{command};"),
    ("'|'", lambda command: f"|{command}"),
    ("'$(…)'", lambda command: f"$({command})"),
    ("backticks", lambda command: f"`{command}`"),
    ("'&&'", lambda command: f"&&{command}"),
    ("a new line", lambda command: f"\n{command}\n"),
)
"""Ways to start a command of our own after the value, with how a user would call them."""


@check(
    name="command_injection",
    title="OS command injection",
    owasp=Owasp.API8,
    cwe=78,
    score=95,
    remediation=(
        "Never build shell command lines from input: call programs with an argument list and no shell "
        "(`subprocess.run([...], shell=False)`, `execFile`), validate input against a strict allow-list, "
        "and prefer a library over an external command."
    ),
    agent=Agent.INJECTION,
)
def command_injection(plan: PlanContext) -> Iterator[Probe]:
    """A probe per free-text input of the reads and creations."""
    for point in text_points(plan.kb):
        yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    plain = injector.plain()
    output = _output_based(ctx, injector, plain)
    if isinstance(output, Verdict):
        return output
    timed = timed_finding(
        ctx, injector, plain, _sleeps(injector.base_value),
        title="OS command injection (time-based, {name})",
        description="The {label} of {op} reaches a shell: a `sleep` after a command separator delays the answer "
                    "by the time it asks for.",
        prefix="time-based",
    )
    return timed if isinstance(timed, Verdict) else passed(f"{output}; {timed}")


def _marker(left: int, right: int, *, command: str = "echo") -> tuple[str, str]:
    """A command printing `left*right` between markers, and the text it prints."""
    return f"{command} natq$(({left}*{right}))qnat", f"natq{left * right}qnat"


def _output_based(ctx: ProbeContext, injector: Injector, plain: Reply) -> Verdict | str:
    value = injector.base_value
    rng = random.Random()
    for label, wrap in WRAPPERS:
        left, right = rng.randrange(1000, 9999), rng.randrange(1000, 9999)
        command, printed = _marker(left, right)
        if printed in plain.text:
            continue
        reply = injector.send(value + wrap(command))
        if printed not in reply.text:
            continue
        misspelt, _ = _marker(left, right, command="ecxo")
        control = injector.send(value + wrap(misspelt))
        if printed in control.text:
            continue
        left, right = rng.randrange(1000, 9999), rng.randrange(1000, 9999)
        command, printed = _marker(left, right)
        again = injector.send(value + wrap(command))
        if printed not in again.text:
            return f"output-based: the computed marker came back once after {label}, not on the repeat"
        point = injector.point
        return found(ctx.finding(
            operation=point.operation,
            proof=again,
            parameter=point.name,
            title="OS command injection (output-based)",
            why=(
                f"after {label} in the {point.label}, `echo natq$(({left}*{right}))qnat` printed {printed!r}: the "
                "shell computed the product; the same command with `echo` misspelt printed nothing, and the plain "
                "value shows no marker; twice with other numbers"
            ),
            description=(
                f"The {point.label} of {point.operation.method} {point.operation.path} is put into a shell command "
                "line: a command separator runs commands of the caller's choice on the server."
            ),
            evidence=[(plain, "plain value"), (control, "echo misspelt"), (again, "computed marker printed")],
        ))
    return "output-based: no computed marker came back"


def _sleeps(value: str) -> tuple[Delay, ...]:
    def delay(label: str, wrap: Callable[[str], str]) -> Delay:
        return Delay(
            f"sleep after {label}",
            lambda seconds: value + wrap(f"sleep {seconds:g}"),
            lambda seconds: value + wrap(f"sleex {seconds:g}"),
        )

    return tuple(delay(label, wrap) for label, wrap in WRAPPERS[:4])
