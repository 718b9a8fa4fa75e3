"""Inline SVG charts, drawn on the server: pure functions from counts to an SVG string.

The dashboard and the HTML report embed the same markup; no script and no external resource is
needed to show it. Colours come from `fill-<severity>` classes each page styles.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

SEVERITIES = ("critical", "high", "medium", "low", "info")
BAR_ROW = 26
LABEL_WIDTH = 80
TREND_HEIGHT = 120


def _label(severity: str) -> str:
    return severity.capitalize()


def open_counts(findings: Sequence[Mapping[str, object]]) -> dict[str, int]:
    """Counts by severity of the findings that are not dismissed, every severity present."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        if finding.get("status") != "dismissed":
            severity = str(finding["severity"])
            counts[severity] = counts.get(severity, 0) + 1
    return counts


def severity_bars(counts: Mapping[str, int], *, width: int = 520, title: str = "Open findings by severity") -> str:
    """One horizontal bar per severity, most severe first, each with its count."""
    track = width - LABEL_WIDTH - 40
    peak = max((counts.get(severity, 0) for severity in SEVERITIES), default=0) or 1
    height = BAR_ROW * len(SEVERITIES)
    rows = []
    for index, severity in enumerate(SEVERITIES):
        count = int(counts.get(severity, 0))
        y = index * BAR_ROW
        bar = round(track * count / peak)
        rows.append(
            f'<g data-severity="{severity}"><text x="0" y="{y + 17}" font-size="13">{_label(severity)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{bar}" height="18" class="fill-{severity}"></rect>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 17}" font-size="13">{count}</text></g>'
        )
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>{"".join(rows)}</svg>'
    )


def severity_trend(points: Sequence[tuple[str, Mapping[str, int]]], *, width: int = 520,
                   title: str = "Findings by severity over the last scans") -> str:
    """Stacked columns, oldest scan first: one column per (label, counts by severity) point."""
    height = TREND_HEIGHT
    plot = height - 20
    totals = [sum(int(counts.get(severity, 0)) for severity in SEVERITIES) for _, counts in points]
    peak = max(totals, default=0) or 1
    slot = width / max(len(points), 1)
    column = max(min(slot * 0.6, 40), 4)
    shapes = []
    for index, (label, counts) in enumerate(points):
        x = round(index * slot + (slot - column) / 2, 1)
        top = float(plot)
        parts = []
        for severity in reversed(SEVERITIES):
            count = int(counts.get(severity, 0))
            if not count:
                continue
            part = plot * count / peak
            top -= part
            parts.append(
                f'<rect x="{x}" y="{round(top, 1)}" width="{round(column, 1)}" height="{round(part, 1)}" '
                f'class="fill-{severity}"><title>{_label(severity)}: {count}</title></rect>'
            )
        shapes.append(
            f'<g data-scan="{escape(label)}" data-total="{totals[index]}"><title>{escape(label)}: '
            f'{totals[index]} finding{"s" if totals[index] != 1 else ""}</title>{"".join(parts)}'
            f'<text x="{round(x + column / 2, 1)}" y="{height - 5}" font-size="11" text-anchor="middle">'
            f'{totals[index]}</text></g>'
        )
    baseline = f'<line x1="0" y1="{plot}" x2="{width}" y2="{plot}" stroke="#dde2e8"></line>'
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>{baseline}{"".join(shapes)}</svg>'
    )
