"""JUnit XML for CI systems: one test case per task, and one failing test case per open finding.

A task that was skipped (nothing to test) or not tried (safe mode, the budget) is a skipped test case
with its reason; one that errored is an error; any other task passes, its detail in system-out (an
unconfirmed candidate is not a failure: open findings are). A dismissed finding is a skipped test case.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

# XML 1.0 forbids most control characters; target responses may hold any byte.
_FORBIDDEN = {c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
SKIPPED = {"skipped": "skipped", "not_tried": "not tried"}
"""Task outcomes that are a skipped test case, and the word the case's message starts with."""


def _text(value: Any) -> str:
    return str(value or "").translate(_FORBIDDEN)


def _finding_message(finding: Mapping[str, Any]) -> str:
    lines = [
        f"{finding['severity'].upper()} ({finding.get('score')}) {finding.get('owasp', '')} {finding.get('cwe', '')}",
        _text(finding.get("description")),
    ]
    if finding.get("why"):
        lines.append(f"Why: {_text(finding['why'])}")
    if finding.get("curl"):
        lines.append(f"Reproduce: {_text(finding['curl'])}")
    if finding.get("remediation"):
        lines.append(f"Fix: {_text(finding['remediation'])}")
    return "\n".join(lines)


def render(report: Mapping[str, Any]) -> bytes:
    scan = report.get("scan") or {}
    tasks = report.get("tasks", [])
    findings = report.get("findings", [])
    suite = ET.Element("testsuite", name=f"NAT {scan.get('mode', 'security')} scan of {_text(scan.get('url'))}")
    failures = errors = skipped = 0
    for task in tasks:
        case = ET.SubElement(
            suite, "testcase", classname=f"nat.tasks.{_text(task.get('agent') or 'engine')}",
            name=_text(f"{task['check']} {task.get('method', '')} {task.get('endpoint', '')}".strip()),
            time=f"{float(task.get('duration') or 0):.3f}",
        )
        outcome = task.get("outcome") or task["status"]
        if outcome == "error":
            errors += 1
            ET.SubElement(case, "error", message=_text(task.get("detail"))[:500]).text = _text(task.get("detail"))
        elif outcome in SKIPPED:
            skipped += 1
            ET.SubElement(case, "skipped", message=_text(f"{SKIPPED[outcome]}: {task.get('detail') or ''}")[:500])
        elif task.get("detail"):
            ET.SubElement(case, "system-out").text = _text(task["detail"])
    for finding in findings:
        case = ET.SubElement(
            suite, "testcase", classname=f"nat.findings.{_text(finding.get('owasp') or 'other')}",
            name=_text(f"{finding['title']} — {finding.get('method', '')} {finding.get('endpoint', '')}"), time="0",
        )
        if finding.get("status") == "dismissed":
            skipped += 1
            reason = (finding.get("dismissal") or {}).get("reason", "dismissed")
            ET.SubElement(case, "skipped", message=f"dismissed: {reason}")
        else:
            failures += 1
            ET.SubElement(case, "failure", message=_text(finding["title"]), type=finding["severity"]).text = _finding_message(finding)
    suite.set("tests", str(len(tasks) + len(findings)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    suite.set("time", f"{float(report.get('elapsed_seconds') or 0):.3f}")
    root = ET.Element("testsuites", name="NAT")
    root.append(suite)
    if report.get("failure_reason"):
        ET.SubElement(suite, "system-err").text = _text(report["failure_reason"])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
