"""Path traversal: a file name input reaches outside its folder and the answer holds a file every
system has (/etc/passwd, win.ini), while the same traversal to a file that does not exist does not;
repeated."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.inputs import Injector, InputPoint, text_points
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.signatures import known_file
from scans.engine.owasp import Owasp

FILE_WORDS = frozenset({
    "file", "filename", "filepath", "path", "doc", "document", "template", "page", "include", "dir", "folder",
    "download", "attachment", "resource", "asset", "log", "logfile", "lang", "locale", "theme", "view", "style",
})
FILE_LIKE = re.compile(r"^[\w.\-/\\]+\.\w{1,5}$|/")
DEPTH = 8
TRAVERSALS = (
    ("../" * DEPTH + "etc/passwd", "../" * DEPTH + "etc/{absent}"),
    ("....//" * DEPTH + "etc/passwd", "....//" * DEPTH + "etc/{absent}"),
    ("/etc/passwd", "/etc/{absent}"),
    ("..\\" * DEPTH + "windows\\win.ini", "..\\" * DEPTH + "windows\\{absent}"),
)
"""Paths to a well-known file, each with its twin to a file that does not exist."""


@check(
    name="path_traversal",
    title="Path traversal",
    owasp=Owasp.API8,
    cwe=22,
    score=85,
    remediation=(
        "Never join input to a file path: map input to files through an allow-list or an id, or resolve the "
        "path and refuse it unless it stays inside the intended folder (after decoding and normalising)."
    ),
    agent=Agent.INJECTION,
)
def path_traversal(plan: PlanContext) -> Iterator[Probe]:
    """A probe per free-text input named like a file or path, or holding a file name."""
    for point in text_points(plan.kb):
        words = set(re.split(r"[^a-z]+", point.name.lower()))
        example = str(point.schema.get("example", "")) if hasattr(point.schema, "get") else ""
        if words & FILE_WORDS or FILE_LIKE.search(example):
            yield plan.probe(point.operation, partial(_probe, point=point), key=point.key)


def _probe(ctx: ProbeContext, *, point: InputPoint) -> Verdict:
    injector = Injector(ctx, point)
    plain = injector.plain()
    if known_file(plain.text):
        return passed("the plain answer already holds a well-known file")
    for traversal, missing in TRAVERSALS:
        reply = injector.send(traversal)
        name = known_file(reply.text)
        if not name:
            continue
        control = injector.send(missing.format(absent=ctx.token("nat-absent")))
        if known_file(control.text):
            continue
        again = injector.send(traversal)
        if known_file(again.text) != name:
            return passed(f"{name} came back once for {traversal!r}, not on the repeat")
        return found(ctx.finding(
            operation=point.operation,
            proof=again,
            parameter=point.name,
            why=(
                f"{traversal!r} in the {point.label} returns the contents of {name}, twice, while the same path to a "
                "file that does not exist and the plain value do not"
            ),
            description=(
                f"{point.operation.method} {point.operation.path} opens the file its {point.label} names without "
                f"keeping it inside its folder: any file the server can read is served ({name} shown)."
            ),
            evidence=[(plain, "plain value"), (control, "path to a missing file"), (again, f"{name} served")],
        ))
    return passed(f"no well-known file came back ({len(TRAVERSALS)} paths)")
