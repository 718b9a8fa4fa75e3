"""POST /scan/{id}/cancel: queued or running → cancelled; a finished scan answers 409."""
from __future__ import annotations

import pytest

from scans.models import Scan
from scans.recorder import ScanRecorder
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Scan.Status.QUEUED, Scan.Status.RUNNING])
def test_queued_or_running_scan_is_cancelled(account, status):
    scan = make_scan(account.tenant, status=status)
    body = account.client.post(f"/api/v1/scan/{scan.pk}/cancel").json()
    assert body["status"] == "cancelled"
    scan.refresh_from_db()
    assert scan.status == "cancelled" and scan.finished_at is not None


@pytest.mark.parametrize("status", [Scan.Status.COMPLETED, Scan.Status.FAILED, Scan.Status.CANCELLED])
def test_finished_scan_cannot_be_cancelled(account, status):
    scan = make_scan(account.tenant, status=status)
    response = account.client.post(f"/api/v1/scan/{scan.pk}/cancel")
    assert response.status_code == 409 and response.json()["error"] == "SCAN_ALREADY_FINISHED"
    scan.refresh_from_db()
    assert scan.status == status


@pytest.mark.django_db(transaction=True)
def test_a_running_workers_recorder_sees_the_cancel(account):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING)
    recorder = ScanRecorder(scan)
    try:
        assert not recorder.should_stop()
        account.client.post(f"/api/v1/scan/{scan.pk}/cancel")
        import time

        deadline = time.monotonic() + 5
        while not recorder.should_stop() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert recorder.should_stop()
    finally:
        recorder.close()
