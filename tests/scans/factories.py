"""Rows for tests that exercise what happens around findings (dismissals, marks, exports, isolation)."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from scans.engine.findings import normalize_path_template
from scans.models import Finding, Scan, Task
from scans.targets import target_key


def make_scan(tenant, *, url: str = "http://127.0.0.1:9/api", status: str = Scan.Status.COMPLETED,
              age_minutes: int = 0, **fields) -> Scan:
    created = timezone.now() - timedelta(minutes=age_minutes)
    return Scan.objects.create(
        tenant=tenant, url=url, target_key=target_key(url), status=status, created_at=created,
        finished_at=created if status in Scan.FINISHED else None, **fields,
    )


def make_finding(scan: Scan, *, check: str = "bola", method: str = "GET", endpoint: str = "/users/{id}",
                 parameter: str = "id", severity: str = "high", score: int = 80, **fields) -> Finding:
    key = f"{check}|{method}|{normalize_path_template(endpoint)}|{parameter}"
    fingerprint = hashlib.sha256(key.encode()).hexdigest()
    defaults = dict(
        title=f"{check} on {endpoint}", owasp="API1:2023", cwe="CWE-639", description="User B read user A's order.",
        curl=f"curl -H 'Authorization: Bearer $NAT_TOKEN_2' 'http://127.0.0.1:9/api{endpoint}'",
        remediation="Check ownership.", confidence="high", identity="secondary", why="B got A's data.",
        evidence=[{
            "note": "secondary reads primary's object",
            "request": {"method": method, "url": "http://127.0.0.1:9/api/users/1", "headers": {"Authorization": "[REDACTED]"},
                        "body": "", "body_truncated": False},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                         "body": '{"id": 1, "email": "a@example.com"}', "body_truncated": False, "elapsed_ms": 3},
        }],
    )
    defaults.update(fields)
    return Finding.objects.create(
        scan=scan, tenant=scan.tenant, fingerprint=fingerprint, check_name=check, method=method,
        endpoint=endpoint, parameter=parameter, severity=severity, score=score, **defaults,
    )


def make_task(scan: Scan, *, check: str = "bola", outcome: str = "passed", detail: str = "") -> Task:
    return Task.objects.create(scan=scan, check_name=check, agent="authorization", method="GET",
                               endpoint="/users/{id}", outcome=outcome, duration=0.01, detail=detail)
