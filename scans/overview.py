"""Reads for the dashboard home: what is open now across targets, the trend, the latest scans.

"Open" means a finding of the latest completed security (or full) scan of its target that no
dismissal of that target covers: a later such scan that no longer confirms it has fixed it. Functional
scans find no security findings, so they neither fix nor count in these.
"""
from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from accounts.models import Tenant
from scans.exports.charts import SEVERITIES
from scans.models import Dismissal, Finding, Scan

TREND_SCANS = 10
LATEST_SCANS = 5


def open_findings(tenant: Tenant, *, severity: str | None = None) -> QuerySet[Finding]:
    """Findings still open on the tenant's targets (one query, whatever the number of targets)."""
    completed = Scan.objects.filter(tenant=tenant, status=Scan.Status.COMPLETED, mode__in=Scan.SECURITY_MODES)
    newest = completed.filter(target_key=OuterRef("target_key")).order_by("-created_at", "-id").values("pk")[:1]
    latest = completed.filter(pk=Subquery(newest)).values("pk")
    dismissed = Dismissal.objects.filter(
        tenant=tenant, target_key=OuterRef("scan__target_key"), fingerprint=OuterRef("fingerprint"),
    )
    findings = Finding.objects.filter(tenant=tenant, scan_id__in=latest).exclude(Exists(dismissed))
    return findings.filter(severity=severity) if severity else findings


def open_counts(tenant: Tenant) -> dict[str, int]:
    """Open findings by severity, every severity present, most severe first."""
    rows = dict(open_findings(tenant).order_by().values_list("severity").annotate(n=Count("id")))
    return {severity: rows.get(severity, 0) for severity in SEVERITIES}


def trend(tenant: Tenant, *, scans: int = TREND_SCANS) -> list[tuple[str, dict[str, int]]]:
    """Findings by severity of the last completed security scans, oldest first, labelled by date and target."""
    recent = list(
        Scan.objects.filter(tenant=tenant, status=Scan.Status.COMPLETED, mode__in=Scan.SECURITY_MODES)
        .only("id", "url", "created_at", "severity_counts")[:scans]
    )
    return [
        (f"{scan.created_at:%Y-%m-%d %H:%M} {scan.url}", {s: int((scan.severity_counts or {}).get(s, 0)) for s in SEVERITIES})
        for scan in reversed(recent)
    ]


def latest_scans(tenant: Tenant, *, scans: int = LATEST_SCANS) -> list[Scan]:
    return list(
        Scan.objects.filter(tenant=tenant).only(
            "id", "url", "mode", "status", "created_at", "findings_count", "severity_counts",
            "progress_done", "progress_total", "functional_results",
        )[:scans]
    )
