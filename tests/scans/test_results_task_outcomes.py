"""A scan's results count skipped and not-tried tasks beside `passed` and `failed` (which keep the SPEC's
meaning: passed + failed = total) and give each task its outcome beside its status."""
from __future__ import annotations

import pytest

from scans.execution import execute_scan
from scans.models import Scan
from tests.scans.factories import make_scan
from tests.targets.reset_api import serving

pytestmark = pytest.mark.django_db(transaction=True)


def test_results_count_skipped_and_not_tried_tasks_and_name_each_outcome(account):
    with serving() as api:
        scan = make_scan(account.tenant, url=api.url, status=Scan.Status.QUEUED, spec_content=api.spec.decode(),
                         options={"checks": ["bfla", "hsts_missing"]})
        execute_scan(scan.pk)
    scan.refresh_from_db()
    assert scan.status == Scan.Status.COMPLETED, scan.failure_reason
    results = account.client.get(f"/api/v1/scan/{scan.pk}/results").json()
    tasks = {(task["check"], task["endpoint"]): task for task in results["tasks"]}
    wipe = tasks[("recon", "/admin/reset-db")]
    assert (wipe["outcome"], wipe["status"]) == ("not_tried", "failed")
    hsts = next(task for task in results["tasks"] if task["check"] == "hsts_missing")
    assert (hsts["outcome"], hsts["status"]) == ("skipped", "passed")
    outcomes = [task["outcome"] for task in results["tasks"]]
    assert results["skipped"] == outcomes.count("skipped") >= 1
    assert results["not_tried"] == outcomes.count("not_tried") >= 2
    assert results["passed"] == outcomes.count("passed") + outcomes.count("skipped")
    assert results["passed"] + results["failed"] == results["total"] == len(outcomes)
