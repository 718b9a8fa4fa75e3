"""HTML: one self-contained file (inline styles, inline SVG chart, images as data URIs)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string

SEVERITIES = ("critical", "high", "medium", "low", "info")
CHART_WIDTH = 360


def _severity_chart(findings: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        if finding.get("status") != "dismissed":
            counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
    peak = max(counts.values()) or 1
    return [
        {"severity": severity, "count": count, "width": round(CHART_WIDTH * count / peak), "y": index * 26}
        for index, (severity, count) in enumerate(counts.items())
    ]


def render(report: Mapping[str, Any]) -> bytes:
    findings = list(report.get("findings", []))
    findings.sort(key=lambda f: (f.get("status") == "dismissed", -(f.get("score") or 0)))
    context = {
        "report": report,
        "scan": report.get("scan") or {},
        "findings": findings,
        "chart": _severity_chart(findings),
        "chart_height": 26 * len(SEVERITIES),
        "open_count": sum(1 for f in findings if f.get("status") != "dismissed"),
    }
    return render_to_string("reports/scan_report.html", context).encode("utf-8")
