"""Reads for scans: the status view, the results object, and the report exporters render."""
from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from django.db.models import QuerySet

from accounts.models import Tenant
from nat_site import __version__
from scans.functional_phase import image_path
from scans.models import Dismissal, Finding, Scan, Task

SEVERITIES = ("critical", "high", "medium", "low", "info")
UNJUDGED = (Task.Outcome.NOT_TRIED, Task.Outcome.UNCONFIRMED, Task.Outcome.ERROR)


def scans_of(tenant: Tenant, *, status: str | None = None) -> QuerySet[Scan]:
    scans = Scan.objects.filter(tenant=tenant)
    return scans.filter(status=status) if status else scans


def iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


STATUS_FIELDS = ("id", "status", "mode", "url", "api_type", "created_at", "updated_at", "started_at", "finished_at",
                 "progress_done", "progress_total", "findings_count", "failure_reason")
"""The columns `scan_status` reads: the description, options and results stay in the database."""


def scan_status(scan: Scan) -> dict[str, Any]:
    """`GET /scan/{id}`."""
    return {
        "scan_id": scan.pk,
        "status": scan.status,
        "mode": scan.mode,
        "url": scan.url,
        "api_type": scan.api_type,
        "created_at": iso(scan.created_at),
        "updated_at": iso(scan.updated_at),
        "started_at": iso(scan.started_at),
        "finished_at": iso(scan.finished_at),
        "progress": scan.progress,
        "findings_count": scan.findings_count,
        "failure_reason": scan.failure_reason or None,
    }


def previous_scan(scan: Scan) -> Scan | None:
    """The latest earlier completed security (or full) scan of the same target by the same tenant;
    None for a functional scan, which finds nothing to compare (and so fixes nothing)."""
    if not scan.includes_security:
        return None
    return (
        Scan.objects.filter(
            tenant_id=scan.tenant_id, target_key=scan.target_key, status=Scan.Status.COMPLETED,
            mode__in=Scan.SECURITY_MODES, created_at__lt=scan.created_at,
        )
        .exclude(pk=scan.pk)
        .order_by("-created_at")
        .first()
    )


def active_dismissals(scan: Scan, fingerprints: set[str]) -> dict[str, Dismissal]:
    """The latest dismissal of each fingerprint on this scan's target."""
    latest: dict[str, Dismissal] = {}
    rows = Dismissal.objects.filter(
        tenant_id=scan.tenant_id, target_key=scan.target_key, fingerprint__in=fingerprints
    ).order_by("created_at", "id")
    for dismissal in rows:
        latest[dismissal.fingerprint] = dismissal
    return latest


def finding_dict(finding: Finding, *, dismissal: Dismissal | None = None, mark: str | None = None) -> dict[str, Any]:
    return {
        "id": finding.pk,
        "fingerprint": finding.fingerprint,
        "check": finding.check_name,
        "title": finding.title,
        "severity": finding.severity,
        "score": finding.score,
        "owasp": finding.owasp,
        "cwe": finding.cwe,
        "method": finding.method,
        "endpoint": finding.endpoint,
        "parameter": finding.parameter,
        "description": finding.description,
        "evidence": finding.evidence,
        "curl": finding.curl,
        "remediation": finding.remediation,
        "confidence": finding.confidence,
        "identity": finding.identity,
        "why": finding.why,
        "status": "dismissed" if dismissal else "open",
        "mark": mark,
        "dismissal": (
            {"reason": dismissal.reason, "note": dismissal.note, "by": dismissal.dismissed_by, "at": iso(dismissal.created_at)}
            if dismissal else None
        ),
        "created_at": iso(finding.created_at),
    }


def scan_findings(scan: Scan) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Findings with status and new/recurring/dismissed marks, and the previous scan's fixed ones."""
    findings = list(scan.findings.all())
    fingerprints = {f.fingerprint for f in findings}
    previous = previous_scan(scan)
    previous_findings = list(previous.findings.all()) if previous else []
    before = {f.fingerprint for f in previous_findings}
    dismissals = active_dismissals(scan, fingerprints)
    rows = []
    for finding in findings:
        dismissal = dismissals.get(finding.fingerprint)
        mark = "dismissed" if dismissal else ("recurring" if finding.fingerprint in before else "new")
        rows.append(finding_dict(finding, dismissal=dismissal, mark=mark))
    fixed = []
    if scan.status == Scan.Status.COMPLETED:
        fixed = [
            {key: row[key] for key in ("fingerprint", "check", "title", "severity", "method", "endpoint", "parameter")}
            | {"last_seen_scan_id": previous.pk}
            for row in (finding_dict(f) for f in previous_findings)
            if row["fingerprint"] not in fingerprints
        ]
    return rows, fixed


def task_outcomes(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """For the scan page: how many tasks ended each way (in the outcomes' order, none left out that
    happened), and the tasks the scan could not judge (not tried, unconfirmed, error), with their reasons."""
    counts = Counter(task["outcome"] for task in tasks)
    return {
        "counts": [(outcome, counts[outcome]) for outcome in Task.Outcome.values if counts[outcome]],
        "unjudged": [task for task in tasks if task["outcome"] in UNJUDGED],
    }


def scan_results(scan: Scan) -> dict[str, Any]:
    """`GET /scan/{id}/results`: the SPEC's results object."""
    findings, fixed = scan_findings(scan)
    open_counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        if finding["status"] == "open":
            open_counts[finding["severity"]] += 1
    functional = functional_reports(scan)
    return {
        "scan_id": scan.pk,
        "status": scan.status,
        "mode": scan.mode,
        "passed": scan.tasks_passed,
        "failed": scan.tasks_failed,
        "skipped": scan.tasks_skipped,
        "not_tried": scan.tasks_not_tried,
        "total": scan.tasks_total,
        "elapsed_seconds": round(scan.elapsed_seconds, 2),
        "agent_count": scan.agent_count,
        "requests_sent": scan.requests_sent,
        "progress": scan.progress,
        "failure_reason": scan.failure_reason or None,
        "warnings": scan.warnings,
        "spec": scan.spec_summary or None,
        "summary": {"open_by_severity": open_counts, "findings": len(findings), "fixed": len(fixed)},
        "tasks": [
            {
                "check": task.check_name, "agent": task.agent, "method": task.method, "endpoint": task.endpoint,
                "status": task.status, "outcome": task.outcome, "duration": task.duration, "detail": task.detail,
            }
            for task in scan.tasks.all()
        ],
        "findings": findings,
        "fixed": fixed,
        "accessibility": functional.get("accessibility"),
        "performance": functional.get("performance"),
        "visual_regression": functional.get("visual_regression"),
        "contract": functional.get("contract"),
    }


def api_image_url(scan: Scan, name: str) -> str:
    return f"/api/v1/scan/{scan.pk}/images/{name}"


def functional_reports(scan: Scan, *, image_url: Callable[[Scan, str], str] = api_image_url) -> dict[str, Any]:
    """The functional sub-reports, with report images as authenticated URLs (None before they exist)."""
    results = scan.functional_results or {}
    visual = results.get("visual_regression")
    if visual:
        visual = {
            **visual,
            "comparisons": [
                {
                    **comparison,
                    "images": {
                        kind: image_url(scan, PurePosixPath(ref).name) if ref else None
                        for kind, ref in (comparison.get("images") or {}).items()
                    },
                }
                for comparison in visual.get("comparisons", [])
            ],
        }
    return {
        "pages": results.get("pages"),
        "accessibility": results.get("accessibility"),
        "performance": results.get("performance"),
        "visual_regression": visual,
        "contract": results.get("contract"),
    }


def embed_images(report: dict[str, Any], scan: Scan) -> dict[str, Any]:
    """The report with each visual comparison's images inlined as data URIs (for the HTML file)."""
    visual = report.get("visual_regression")
    if not visual:
        return report
    comparisons = []
    for comparison in visual.get("comparisons", []):
        embedded = {}
        for kind, url in (comparison.get("images") or {}).items():
            path = image_path(scan, PurePosixPath(url).name) if url else None
            if path is not None and path.is_file():
                embedded[kind] = "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
        comparisons.append({**comparison, "embedded": embedded})
    return {**report, "visual_regression": {**visual, "comparisons": comparisons}}


def scan_report(scan: Scan) -> dict[str, Any]:
    """What exporters render: the results plus where and when the scan ran."""
    report = scan_results(scan)
    report["scan"] = {
        **scan_status(scan),
        "spec_location": scan.spec_url or None,
    }
    report["nat_version"] = __version__
    return report
