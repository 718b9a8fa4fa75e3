"""HTML: one self-contained file (inline styles, inline SVG chart, images as data URIs)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from scans.exports.charts import open_counts, severity_bars


def render(report: Mapping[str, Any]) -> bytes:
    findings = list(report.get("findings", []))
    findings.sort(key=lambda f: (f.get("status") == "dismissed", -(f.get("score") or 0)))
    counts = open_counts(findings)
    context = {
        "report": report,
        "scan": report.get("scan") or {},
        "findings": findings,
        "chart": mark_safe(severity_bars(counts)),  # markup built from counts only
        "open_count": sum(counts.values()),
    }
    return render_to_string("reports/scan_report.html", context).encode("utf-8")
