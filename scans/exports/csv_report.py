"""CSV: one row per finding, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

COLUMNS = (
    "id", "severity", "score", "title", "owasp", "cwe", "method", "endpoint", "parameter",
    "status", "mark", "confidence", "description", "remediation", "curl", "fingerprint",
    "dismissal_reason", "dismissal_note",
)
# Cells a spreadsheet would evaluate as a formula; target-controlled text must never run there.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def render(report: Mapping[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for finding in report.get("findings", []):
        dismissal = finding.get("dismissal") or {}
        row = {**finding, "dismissal_reason": dismissal.get("reason"), "dismissal_note": dismissal.get("note")}
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")
