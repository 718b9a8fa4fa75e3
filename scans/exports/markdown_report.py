"""Markdown: a summary and each finding, for pull-request comments and wikis."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SEVERITIES = ("critical", "high", "medium", "low", "info")


def _inline(text: Any) -> str:
    """Target-controlled text made inert in Markdown (no links, HTML or table breaks)."""
    flat = " ".join(str(text or "").split())
    return re.sub(r"([\\`*_{}\[\]()#+!|<>~])", r"\\\1", flat)


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _span(text: Any) -> str:
    flat = " ".join(str(text or "").split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    return f"{fence} {flat} {fence}" if flat.startswith("`") or flat.endswith("`") else f"{fence}{flat}{fence}"


def _code(text: str, language: str = "") -> str:
    fence = _fence(text)
    return f"{fence}{language}\n{text}\n{fence}"


def _where(finding: Mapping[str, Any]) -> str:
    return f"{finding.get('method', '')} {finding.get('endpoint', '')}".strip()


def render(report: Mapping[str, Any]) -> bytes:
    scan = report.get("scan") or {}
    findings = report.get("findings", [])
    lines = [f"# NAT scan report: {_inline(scan.get('url', ''))}", ""]
    lines += [
        f"- **Scan:** {_span(scan.get('scan_id'))} ({_inline(scan.get('mode'))}, {_inline(report.get('status'))})",
        f"- **Tasks:** {report.get('passed', 0)} passed ({report.get('skipped', 0)} skipped), "
        f"{report.get('failed', 0)} failed ({report.get('not_tried', 0)} not tried), {report.get('total', 0)} total",
        f"- **Duration:** {report.get('elapsed_seconds') or 0:.1f} s",
        "",
        "| Severity | Open | Dismissed |",
        "|---|---:|---:|",
    ]
    for severity in SEVERITIES:
        open_count = sum(1 for f in findings if f["severity"] == severity and f.get("status") != "dismissed")
        dismissed = sum(1 for f in findings if f["severity"] == severity and f.get("status") == "dismissed")
        lines.append(f"| {severity} | {open_count} | {dismissed} |")
    lines.append("")
    if report.get("failure_reason"):
        lines += [f"> **Scan failed:** {_inline(report['failure_reason'])}", ""]
    for warning in report.get("warnings", []):
        lines += [f"> **Warning:** {_inline(warning)}", ""]
    lines += ["## Findings", ""]
    if not findings:
        lines += ["No findings.", ""]
    ordered = sorted(findings, key=lambda f: (-(f.get("score") or 0), f.get("endpoint", "")))
    for finding in ordered:
        status = " (dismissed)" if finding.get("status") == "dismissed" else ""
        lines += [
            f"### [{finding['severity'].upper()}] {_inline(finding['title'])}{status}",
            "",
            f"- **Where:** {_span(_where(finding))}"
            + (f", parameter {_span(finding['parameter'])}" if finding.get("parameter") else ""),
            f"- **Category:** {_inline(finding.get('owasp'))}, {_inline(finding.get('cwe'))}; score {finding.get('score')}",
            "",
            _inline(finding.get("description")),
            "",
        ]
        if finding.get("curl"):
            lines += ["Reproduce:", "", _code(finding["curl"], "sh"), ""]
        if finding.get("remediation"):
            lines += [f"**Fix:** {_inline(finding['remediation'])}", ""]
    fixed = report.get("fixed", [])
    if fixed:
        lines += ["## Fixed since the previous scan", ""]
        lines += [f"- {_inline(f.get('title'))} ({_span(_where(f))})" for f in fixed]
        lines.append("")
    return "\n".join(lines).encode("utf-8")
