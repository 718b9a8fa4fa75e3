"""A scan of the hostile API (huge, trickling, looping, compressed, malformed answers) through the
worker's own path ends `completed` with every task judged and small evidence; a hostile description
ends the scan `failed` with the reason. The worker neither crashes nor hangs."""
from __future__ import annotations

import json
import threading

import pytest
from django.db import connection

from scans.engine.spec import source as source_module
from scans.execution import execute_scan
from scans.models import Scan
from tests.scans.factories import make_scan
from tests.targets.hostile import many_paths

pytestmark = pytest.mark.django_db(transaction=True)

SAFETY_NET = 900
"""Seconds after which a worker that never returns fails the test instead of hanging the run."""
MAX_EVIDENCE_BYTES = 64 * 1024


def run_in_worker(scan: Scan) -> Scan:
    def work() -> None:
        try:
            execute_scan(scan.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(SAFETY_NET)
    assert not worker.is_alive(), "the worker is stuck"
    scan.refresh_from_db()
    return scan


def test_a_scan_of_the_hostile_api_completes_with_every_task_judged(account, hostile_target):
    scan = run_in_worker(make_scan(
        account.tenant, url=hostile_target.url, status=Scan.Status.QUEUED, spec_url=hostile_target.spec_url,
        options={"timeout": 2, "concurrency": 8},
    ))
    print(f"\nhostile scan through the worker: {scan.elapsed_seconds} s, {scan.requests_sent} requests, "
          f"{scan.tasks_total} tasks, {scan.findings_count} findings")
    assert scan.status == Scan.Status.COMPLETED, scan.failure_reason
    assert scan.finished_at and scan.progress == 1.0 and scan.requests_sent > 0
    assert scan.tasks_total == scan.tasks.count() > 0
    assert not scan.tasks.filter(outcome="error").exists(), list(scan.tasks.filter(outcome="error").values("detail"))
    for finding in scan.findings.all():
        assert len(json.dumps(finding.evidence)) < MAX_EVIDENCE_BYTES, finding.title


@pytest.mark.parametrize(("path", "reason"), [
    ("/specs/drip.json", "the description did not arrive within 2 s"),
    ("/specs/gzip-bomb.json", "the description is larger than 50 MB"),
    ("/specs/huge.json", "the description is larger than 50 MB"),
    ("/specs/redirect-loop.json", "TooManyRedirects"),
])
def test_a_hostile_description_url_fails_the_scan_with_the_reason(account, hostile_target, monkeypatch, path,
                                                                   reason):
    monkeypatch.setattr(source_module, "FETCH_DEADLINE", 2.0)
    scan = run_in_worker(make_scan(account.tenant, url=hostile_target.url, status=Scan.Status.QUEUED,
                                   spec_url=hostile_target.url + path))
    assert scan.status == Scan.Status.FAILED
    assert scan.failure_reason.startswith("The API description is invalid") and reason in scan.failure_reason
    assert scan.finished_at is not None and scan.credentials == ""


def test_a_description_of_a_million_paths_fails_the_scan_naming_the_cap(account, hostile_target):
    scan = run_in_worker(make_scan(account.tenant, url=hostile_target.url, status=Scan.Status.QUEUED,
                                   spec_content=many_paths(1_000_000).decode()))
    assert scan.status == Scan.Status.FAILED
    assert "more than 20,000 operations" in scan.failure_reason
