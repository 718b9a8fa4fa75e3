"""HTML: one self-contained file (inline styles, inline SVG chart, images as data URIs).

Plain Python, no template engine, so a report renders wherever the engine runs: every value taken
from the report goes through `_text`, which escapes it, so hostile target text stays inert.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from scans.exports.charts import open_counts, severity_bars
from scans.vocabulary import word

PERFORMANCE_COLUMNS = (("Page", "url"), ("Score", "score"), ("LCP", "lcp"), ("CLS", "cls"), ("TBT", "tbt"),
                       ("TTFB", "ttfb"), ("FCP", "fcp"), ("INP", "inp"))
IMAGES = (("before", "Baseline of"), ("after", "Current"), ("diff", "Differences on"))
"""Visual comparison images: key in `embedded` (its word is the caption), alt text before the URL."""


@cache
def _style() -> str:
    return Path(__file__).with_name("scan_report.css").read_text(encoding="utf-8")


def _at(value: Any, *keys: str) -> Any:
    """`value[key1][key2]…`, or None where a step is missing or not an object."""
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _text(value: Any) -> str:
    """`value` escaped for HTML text and attribute values; nothing for None."""
    return "" if value is None else html.escape(str(value))


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _one_decimal(value: Any) -> str:
    """`value` rounded half up to one decimal (3.25 → 3.3); nothing when it is not a number."""
    try:
        return str(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    except (TypeError, ValueError, InvalidOperation):
        return ""


def _operation(item: Any) -> str:
    return f"<code>{_text(_at(item, 'method'))} {_text(_at(item, 'endpoint'))}</code>"


def _section(title: str, *parts: str) -> str:
    return "\n".join(["<section>", f"  <h2>{title}</h2>", *(f"  {part}" for part in parts), "</section>"])


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table whose cells are HTML already (escaped text or markup)."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("\n    <tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table>\n    <tr>{head}</tr>{body}\n  </table>"


def _words(value: Any) -> str:
    """The word for people for a stored value (`scans.vocabulary`), escaped."""
    return html.escape(word(value))


def _summary(report: Mapping[str, Any], findings: list[Mapping[str, Any]]) -> str:
    counts = open_counts(findings)
    accessibility = report.get("accessibility")
    critical = (f"\n    <div>Critical accessibility violations<b>"
                f"{_text(_at(accessibility, 'violations_by_impact', 'critical') or 0)}</b></div>") if accessibility else ""
    notes = [f"<p><strong>Scan failed:</strong> {_text(report['failure_reason'])}</p>"] \
        if report.get("failure_reason") else []
    notes += [f"<p><strong>Warning:</strong> {_text(warning)}</p>" for warning in _items(report.get("warnings"))]
    return _section(
        "Summary",
        '<div class="meta">'
        f"\n    <div>Open findings<b>{sum(counts.values())}</b></div>{critical}"
        f"\n    <div>Tasks passed<b>{_text(report.get('passed') or 0)}</b></div>"
        f"\n    <div>Tasks failed<b>{_text(report.get('failed') or 0)}</b></div>"
        f"\n    <div>Skipped<b>{_text(report.get('skipped') or 0)}</b></div>"
        f"\n    <div>Not tried<b>{_text(report.get('not_tried') or 0)}</b></div>"
        f"\n    <div>Duration<b>{_one_decimal(report.get('elapsed_seconds') or 0)} s</b></div>"
        f"\n    <div>Agents<b>{_text(report.get('agent_count') or 0)}</b></div>"
        "\n  </div>",
        *notes,
        "<h3>Open findings by severity</h3>",
        severity_bars(counts),  # markup built from the counts alone
    )


def _message(first_line: str, message: Any) -> str:
    """An HTTP message as text: its first line, its headers, then its body after a blank line."""
    headers = _at(message, "headers")
    pairs = headers.items() if isinstance(headers, Mapping) else ()
    body = _at(message, "body")
    text = "\n".join([first_line, *(f"{_text(name)}: {_text(value)}" for name, value in pairs)])
    return f"<pre>{text}\n\n{_text(body)}</pre>" if body else f"<pre>{text}</pre>"


def _finding(finding: Mapping[str, Any], *, first: bool) -> str:
    dismissed = finding.get("status") == "dismissed"
    severity = _text(finding.get("severity"))
    mark = f' <span class="muted">({_words(finding["mark"])})</span>' if finding.get("mark") else ""
    rows = [
        f"<tr><th>Category</th><td>{_text(finding.get('owasp'))} · {_text(finding.get('cwe'))}</td></tr>",
        f"<tr><th>Score</th><td>{_text(finding.get('score'))} ({_text(finding.get('confidence') or 'confirmed')})"
        "</td></tr>",
    ]
    if finding.get("parameter"):
        rows.append(f"<tr><th>Parameter</th><td><code>{_text(finding['parameter'])}</code></td></tr>")
    if dismissed:
        note = _at(finding, "dismissal", "note")
        rows.append(f"<tr><th>Dismissed</th><td>{_words(_at(finding, 'dismissal', 'reason'))}"
                    f"{': ' + _text(note) if note else ''}</td></tr>")
    parts = [f"<p>{_text(finding.get('description'))}</p>", "<table>", *(f"  {row}" for row in rows), "</table>"]
    if finding.get("curl"):
        parts.append(f"<h4>Reproduce</h4><pre>{_text(finding['curl'])}</pre>")
    for number, exchange in enumerate(_items(finding.get("evidence")), start=1):
        request, response = _at(exchange, "request"), _at(exchange, "response")
        parts += [
            f"<h4>Evidence {number}</h4>",
            _message(f"{_text(_at(request, 'method'))} {_text(_at(request, 'url'))}", request),
            _message(f"HTTP {_text(_at(response, 'status'))}", response),
        ]
    if finding.get("remediation"):
        parts.append(f"<h4>Fix</h4><p>{_text(finding['remediation'])}</p>")
    summary = (f'<summary><span class="sev sev-{severity}">{_words(finding.get("severity"))}</span> '
               f'{_text(finding.get("title"))} — '
               f"{_operation(finding)}{mark}</summary>")
    return "\n".join([
        f'<details class="finding{" dismissed" if dismissed else ""}"{" open" if first else ""}>',
        f"  {summary}",
        *(f"  {part}" for part in parts),
        "</details>",
    ])


def _fixed(report: Mapping[str, Any]) -> str:
    fixed = _items(report.get("fixed"))
    if not fixed:
        return ""
    items = "".join(f"<li>{_text(_at(finding, 'title'))} — {_operation(finding)}</li>" for finding in fixed)
    return _section("Fixed since the previous scan", f"<ul>{items}</ul>")


def _accessibility(report: Mapping[str, Any]) -> str:
    accessibility = report.get("accessibility")
    if not accessibility:
        return ""
    rows = [
        [_text(_at(violation, "rule")), _words(_at(violation, "impact")), _text(_at(violation, "page")),
         ", ".join(_text(criterion) for criterion in _items(_at(violation, "wcag"))),
         str(len(_items(_at(violation, "nodes"))))]
        for violation in _items(_at(accessibility, "violations"))
    ]
    return _section(
        "Accessibility",
        f"<p>{_text(_at(accessibility, 'pages_scanned'))} page(s), "
        f"compliance score {_text(_at(accessibility, 'compliance_score'))}</p>",
        _table(["Rule", "Impact", "Page", "Criteria", "Elements"], rows),
    )


def _performance(report: Mapping[str, Any]) -> str:
    performance = report.get("performance")
    if not performance:
        return ""
    rows = [[_text(_at(page, key)) for _, key in PERFORMANCE_COLUMNS] for page in _items(_at(performance, "metrics"))]
    return _section(
        "Performance",
        f"<p>{_text(_at(performance, 'pages_tested'))} page(s), "
        f"score {_text(_at(performance, 'performance_score'))}</p>",
        _table([title for title, _ in PERFORMANCE_COLUMNS], rows),
    )


def _visual(report: Mapping[str, Any]) -> str:
    visual = report.get("visual_regression")
    if not visual:
        return ""
    parts = [f"<p>{_text(_at(visual, 'diffs_detected'))} page(s) changed</p>"]
    for comparison in _items(_at(visual, "comparisons")):
        url = _text(_at(comparison, "url"))
        regression = " (regression)" if _at(comparison, "regression") else ""
        parts.append(f"<h3>{url} — {_text(_at(comparison, 'diff_percent'))}% changed{regression}</h3>")
        embedded = _at(comparison, "embedded")
        if embedded:
            figures = "".join(
                f'\n    <figure><img alt="{alt} {url}" src="{_text(_at(embedded, kind))}">'
                f"<figcaption>{_words(kind)}</figcaption></figure>"
                for kind, alt in IMAGES if _at(embedded, kind)
            )
            parts.append(f'<div class="images">{figures}\n  </div>')
    return _section("Visual regression", *parts)


def _tasks(report: Mapping[str, Any]) -> str:
    tasks = _items(report.get("tasks"))
    if not tasks:
        return ""
    rows = [[_text(_at(task, "check")), _operation(task), _words(_at(task, "status")), _text(_at(task, "detail"))]
            for task in tasks]
    return _section("Tasks", _table(["Check", "Endpoint", "Status", "Detail"], rows))


def render(report: Mapping[str, Any]) -> bytes:
    findings = list(report.get("findings", []))
    findings.sort(key=lambda f: (f.get("status") == "dismissed", -(f.get("score") or 0)))
    scan = report.get("scan") or {}
    url = _text(scan.get("url"))
    finished = f" · finished {_text(scan['finished_at'])}" if scan.get("finished_at") else ""
    listed = [_finding(finding, first=index == 0) for index, finding in enumerate(findings)]
    sections = [_fixed(report), _accessibility(report), _performance(report), _visual(report), _tasks(report)]
    return "\n".join([
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>NAT report · {url}</title>",
        f"<style>\n{_style()}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"  <h1>NAT scan report: {url}</h1>",
        f"  <div>Scan {_text(scan.get('scan_id'))} · {_words(scan.get('mode'))} · {_words(report.get('status'))}"
        f"{finished}</div>",
        "</header>",
        "<main>",
        _summary(report, findings),
        "<h2>Findings</h2>",
        *(listed or ["<section><p>No findings.</p></section>"]),
        *(section for section in sections if section),
        f'<p class="muted">Generated by NAT {_text(report.get("nat_version") or "")}.</p>',
        "</main>",
        "</body>",
        "</html>",
        "",
    ]).encode("utf-8")
