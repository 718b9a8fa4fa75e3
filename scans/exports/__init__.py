"""Report formats: one module per format, each a pure function from a report dict to bytes.

A report is the SPEC's results object plus a `scan` block (id, target, mode, times). Everything in it
that came from the target is hostile text: every exporter escapes for its own format.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scans.exports import csv_report, html_report, json_report, junit_report, markdown_report, sarif_report


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    content_type: str
    extension: str
    render: Callable[[Mapping[str, Any]], bytes]


FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("html", "text/html; charset=utf-8", "html", html_report.render),
        Exporter("json", "application/json", "json", json_report.render),
        Exporter("csv", "text/csv; charset=utf-8", "csv", csv_report.render),
        Exporter("sarif", "application/sarif+json", "sarif", sarif_report.render),
        Exporter("markdown", "text/markdown; charset=utf-8", "md", markdown_report.render),
    )
}
DEFAULT_FORMAT = "json"
JUNIT = Exporter("junit", "application/xml", "xml", junit_report.render)
CLI_FORMATS: dict[str, Exporter] = {**FORMATS, JUNIT.name: JUNIT}
"""The CLI also writes JUnit XML for CI systems (the API serves the SPEC's five formats)."""


def render(report: Mapping[str, Any], format_name: str) -> bytes:
    """The report in `format_name` (any CLI format); KeyError for an unknown one."""
    return CLI_FORMATS[format_name].render(report)


def sample_export_problems() -> list[str]:
    """Render a small sample report in every format; the problems found (empty when all work)."""
    from scans.exports.sample import sample_report

    problems = []
    for name, exporter in CLI_FORMATS.items():
        try:
            if not exporter.render(sample_report()):
                problems.append(f"{name}: produced an empty report")
        except Exception as error:  # noqa: BLE001 - doctor reports every failure, it does not raise
            problems.append(f"{name}: {type(error).__name__}: {error}")
    return problems
