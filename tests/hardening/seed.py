"""One tenant's worth of every kind of object NAT stores, for the fuzzing and isolation tests: a
security scan with findings, tasks and a dismissal, a full scan with functional sub-reports and a
report image on disk, a running scan, spare API keys, usage with an alert, a Stripe link."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from PIL import Image

from accounts.models import Tenant
from accounts.services import api_key_create
from billing.models import BillingAccount, UsageAlert, UsagePeriod
from billing.usage import billing_period
from scans.functional_phase import baseline_store
from scans.models import Finding, Scan
from scans.services import finding_dismiss
from tests.scans.factories import make_finding, make_scan, make_task

MARKER = "secret-marker-of-tenant"
"""Every seeded object carries `<MARKER>-<tenant id>` somewhere a leak would show it."""


@dataclass
class TenantObjects:
    tenant: Tenant
    marker: str
    security_scan: Scan
    full_scan: Scan
    running_scan: Scan
    finding: Finding
    dismissed_finding: Finding
    image_name: str
    spare_key_ids: list[int]

    @property
    def scans(self) -> list[Scan]:
        return [self.security_scan, self.full_scan, self.running_scan]


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def functional_results(tenant: Tenant, marker: str, page: str) -> dict:
    store = baseline_store(tenant.pk)
    key = f"{marker}-page-desktop"
    images = {kind: store.save_image(kind, key, png(colour))
              for kind, colour in (("before", (255, 0, 0)), ("after", (0, 255, 0)), ("diff", (0, 0, 255)))}
    return {
        "pages": [page],
        "accessibility": {
            "profile": "wcag21aa", "pages_scanned": 1, "compliance_score": 80.0,
            "violations": [{"rule": "image-alt", "impact": "critical", "page": page, "element": f"img.{marker}",
                            "criterion": "1.1.1", "help_url": "https://dequeuniversity.com/rules/axe/4.10/image-alt"}],
            "best_practices": [], "violations_by_impact": {"critical": 1}, "pages": [{"url": page, "score": 80.0}],
        },
        "performance": {"pages_tested": 1, "performance_score": 90, "form_factor": "desktop", "scoring": "lighthouse",
                        "metrics": [{"url": page, "ttfb": 10.0, "fcp": 100.0, "lcp": 200.0, "cls": 0.0, "tbt": 0.0,
                                     "inp": None, "fid": None, "score": 90}]},
        "visual_regression": {
            "comparisons": [{"url": page, "viewport": "desktop", "baseline_created": False, "diff_pixels": 64,
                             "diff_percent": 100.0, "regression": True, "size_changed": False,
                             "baseline_size": [8, 8], "size": [8, 8], "images": images}],
            "diffs_detected": 1, "threshold": 0.5, "viewport": "desktop",
        },
        "contract": {"operations_tested": 1, "passed": 1, "failed": 0, "errors": 0, "results": [],
                     "skipped": {"unsafe": [], "excluded": [], "unsupported": [], "over_limit": 0}},
    }


def seed_tenant_objects(tenant: Tenant) -> TenantObjects:
    """Every kind of object for `tenant`, each carrying the tenant's marker (images under MEDIA_ROOT)."""
    marker = f"{MARKER}-{tenant.pk}"
    target = f"http://127.0.0.1:9/{marker}"
    security = make_scan(tenant, url=target, age_minutes=3, spec_summary={"title": marker}, tasks_total=2,
                         tasks_passed=1, tasks_failed=1, findings_count=2, severity_counts={"high": 1, "medium": 1})
    finding = make_finding(security, endpoint=f"/{marker}/{{id}}", description=f"leaked {marker}")
    dismissed = make_finding(security, check="exposure", severity="medium", score=50, endpoint=f"/{marker}/me",
                             parameter="")
    make_task(security)
    make_task(security, check="exposure", outcome="found")
    finding_dismiss(finding=dismissed, reason="accepted_risk", note=f"note {marker}", by=f"{marker}@example.com")
    full = make_scan(tenant, url=target, mode=Scan.Mode.FULL, age_minutes=2)
    full.functional_results = functional_results(tenant, marker, f"{target}/page")
    full.save(update_fields=["functional_results"])
    make_task(full, check="contract")
    running = make_scan(tenant, url=target, status=Scan.Status.RUNNING, age_minutes=1,
                        started_at=timezone.now(), heartbeat_at=timezone.now())
    image = Path(full.functional_results["visual_regression"]["comparisons"][0]["images"]["diff"]).name
    spare = [api_key_create(tenant=tenant, name=f"{marker}-spare-{n}").key.pk for n in range(2)]
    period = billing_period(tenant)
    UsagePeriod.objects.update_or_create(tenant=tenant, period_start=period.start, defaults={
        "period_end": period.end, "functional_scans_used": 41, "security_scans_used": 80})
    UsageAlert.objects.create(tenant=tenant, period_start=period.start, period_end=period.end,
                              quota="security_scans", threshold=80, used=80, limit=100)
    BillingAccount.objects.create(tenant=tenant, stripe_customer_id=f"cus_{marker}",
                                  stripe_subscription_id=f"sub_{marker}", subscription_status="active")
    return TenantObjects(tenant=tenant, marker=marker, security_scan=security, full_scan=full, running_scan=running,
                         finding=finding, dismissed_finding=dismissed, image_name=image, spare_key_ids=spare)
