"""Another tenant's scans and findings answer 404 NOT_FOUND on every endpoint, with nothing leaked."""
from __future__ import annotations

import pytest

from scans.models import Dismissal, Scan
from tests.scans.factories import make_finding, make_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim_scan(account):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING, url="http://127.0.0.1:9/victim-target")
    make_finding(scan)
    return scan


def requests_against(scan):
    finding = scan.findings.get()
    return [
        ("get", f"/api/v1/scan/{scan.pk}", None),
        ("get", f"/api/v1/scan/{scan.pk}/results", None),
        ("get", f"/api/v1/scan/{scan.pk}/export?format=json", None),
        ("get", f"/api/v1/scan/{scan.pk}/export?format=html", None),
        ("post", f"/api/v1/scan/{scan.pk}/cancel", None),
        ("post", f"/api/v1/findings/{finding.pk}/dismiss", {"reason": "false_positive", "note": "x"}),
    ]


def test_every_scan_endpoint_hides_other_tenants_objects(victim_scan, other_account):
    for method, path, body in requests_against(victim_scan):
        response = getattr(other_account.client, method)(path, body, format="json")
        assert response.status_code == 404, path
        assert response.json()["error"] == "NOT_FOUND"
        assert "victim-target" not in response.content.decode()
    victim_scan.refresh_from_db()
    assert victim_scan.status == "running"
    assert not Dismissal.objects.exists()


def test_lists_show_only_the_callers_scans(victim_scan, other_account):
    make_scan(other_account.tenant, url="http://127.0.0.1:9/mine")
    listed = other_account.client.get("/api/v1/scans").json()
    assert [scan["url"] for scan in listed["scans"]] == ["http://127.0.0.1:9/mine"]


def test_owner_still_sees_everything(victim_scan, account):
    for method, path, body in requests_against(victim_scan):
        response = getattr(account.client, method)(path, body, format="json")
        assert response.status_code == 200, path
