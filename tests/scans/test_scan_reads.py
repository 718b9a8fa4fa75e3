"""GET /scan/{id} and GET /scans: status, progress, paging, status filter, newest first."""
from __future__ import annotations

import pytest

from scans.models import Scan
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db


def test_status_shows_progress_and_times(account):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING, progress_done=3, progress_total=12)
    body = account.client.get(f"/api/v1/scan/{scan.pk}").json()
    assert body["scan_id"] == scan.pk and body["status"] == "running" and body["mode"] == "security"
    assert body["progress"] == 0.25
    assert body["created_at"].endswith("Z") and body["updated_at"]


def test_list_pages_newest_first_with_status_filter(account):
    for minutes in range(25):
        make_scan(account.tenant, age_minutes=minutes, status=Scan.Status.FAILED if minutes % 5 == 0 else Scan.Status.COMPLETED)
    first = account.client.get("/api/v1/scans").json()
    assert (first["total"], first["page"], first["per_page"], len(first["scans"])) == (25, 1, 20, 20)
    created = [scan["created_at"] for scan in first["scans"]]
    assert created == sorted(created, reverse=True)
    second = account.client.get("/api/v1/scans?page=2&per_page=20").json()
    assert len(second["scans"]) == 5
    assert not {s["scan_id"] for s in first["scans"]} & {s["scan_id"] for s in second["scans"]}
    failed = account.client.get("/api/v1/scans?status=failed&per_page=100").json()
    assert failed["total"] == 5 and {s["status"] for s in failed["scans"]} == {"failed"}


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "page=0", "status=weird", "page=x"])
def test_bad_list_parameters_are_422(account, query):
    body = account.client.get(f"/api/v1/scans?{query}").json()
    assert body["status"] == 422 and f"'{query.split('=')[0]}'" in body["message"]


def test_list_query_count_does_not_grow_with_scans(account, django_assert_max_num_queries):
    for minutes in range(30):
        make_scan(account.tenant, age_minutes=minutes)
    assert account.client.get("/api/v1/usage").status_code == 200  # the key is now this process's cached one
    # the key generation, the page, the count
    with django_assert_max_num_queries(3):
        assert account.client.get("/api/v1/scans?per_page=30").status_code == 200
