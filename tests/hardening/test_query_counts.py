"""With 10,000 scans in the database, the pages people open most run a fixed number of queries:
the dashboard's scans list and scan page, and the API's `GET /scans`, `GET /scan/{id}` and
`GET /scan/{id}/results`."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.key_cache import invalidate_keys
from accounts.models import ApiKey
from scans.models import Scan
from scans.targets import target_key
from tests.scans.factories import make_finding, make_task

pytestmark = pytest.mark.django_db

SCANS = 10_000
URL = "http://127.0.0.1:9/api"


@pytest.fixture
def many_scans(account, other_account) -> Scan:
    """10,000 finished scans of the account (and a few of another tenant); returns the newest, which
    has findings, tasks and a previous scan of the same target to compare with."""
    now = timezone.now()
    statuses = [Scan.Status.COMPLETED, Scan.Status.FAILED, Scan.Status.CANCELLED]
    Scan.objects.bulk_create(
        [
            Scan(tenant=account.tenant, url=f"{URL}/{n % 50}", target_key=target_key(f"{URL}/{n % 50}"),
                 status=statuses[n % 3], created_at=now - timedelta(minutes=n + 2), finished_at=now,
                 findings_count=n % 7, severity_counts={"high": n % 3, "low": n % 5})
            for n in range(SCANS)
        ],
        batch_size=1000,
    )
    Scan.objects.bulk_create(
        [Scan(tenant=other_account.tenant, url=URL, target_key=target_key(URL), created_at=now) for _ in range(5)]
    )
    previous = Scan.objects.create(tenant=account.tenant, url=URL, target_key=target_key(URL),
                                   status=Scan.Status.COMPLETED, created_at=now - timedelta(minutes=1))
    make_finding(previous, endpoint="/fixed/{id}")
    latest = Scan.objects.create(tenant=account.tenant, url=URL, target_key=target_key(URL),
                                 status=Scan.Status.COMPLETED, created_at=now)
    for n in range(30):
        make_finding(latest, endpoint=f"/items{n}/{{id}}", severity=["high", "medium", "low"][n % 3])
        make_task(latest, check=f"check{n}")
    return latest


def test_dashboard_scans_list_runs_a_fixed_number_of_queries(many_scans, dashboard, django_assert_num_queries):
    # 1 session, 2 user, 3 tenant, 4 count of the tenant's scans for the paginator, 5 the page of 25.
    with django_assert_num_queries(5):
        response = dashboard.get("/scans/?page=3")
    assert response.status_code == 200
    assert response.content.decode().count('href="/scans/scan_') >= 25


def test_dashboard_scan_page_runs_a_fixed_number_of_queries(many_scans, dashboard, django_assert_num_queries):
    # 1 session, 2 user, 3 tenant, 4 the scan, 5 its findings, 6 the previous scan of the target,
    # 7 that scan's findings, 8 dismissals of these fingerprints, 9 the scan's tasks.
    with django_assert_num_queries(9):
        response = dashboard.get(f"/scans/{many_scans.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("/items") >= 30


def test_api_scan_list_runs_a_fixed_number_of_queries(many_scans, account, django_assert_num_queries):
    assert account.client.get("/api/v1/usage").status_code == 200  # the key is now this process's cached one
    # 1 the key generation (shared cache), 2 the page of scans, 3 the count.
    with django_assert_num_queries(3):
        response = account.client.get("/api/v1/scans?per_page=100&page=7")
    assert response.status_code == 200
    assert len(response.json()["scans"]) == 100 and response.json()["total"] == SCANS + 2


def test_api_scan_results_run_a_fixed_number_of_queries(many_scans, account, django_assert_num_queries):
    assert account.client.get("/api/v1/usage").status_code == 200  # the key is now this process's cached one
    # 1 the key generation (shared cache), 2 the scan, 3 its findings, 4 the previous scan, 5 its findings,
    # 6 dismissals, 7 tasks.
    with django_assert_num_queries(7):
        response = account.client.get(f"/api/v1/scan/{many_scans.pk}/results")
    assert len(response.json()["findings"]) == 30 and len(response.json()["fixed"]) == 1


def test_api_scan_status_runs_three_queries_with_the_rate_limit_on(many_scans, account, settings,
                                                                   django_assert_num_queries):
    settings.NAT_MODE = "saas"
    assert account.client.get(f"/api/v1/scan/{many_scans.pk}").status_code == 200  # the key is now cached
    # 1 the key generation (shared cache; the key and its tenant come from this process's cache), 2 the
    # rate-limit counter's one upsert, 3 the scan's status columns.
    with django_assert_num_queries(3) as context:
        response = account.client.get(f"/api/v1/scan/{many_scans.pk}")
    assert response.status_code == 200 and response.json()["scan_id"] == many_scans.pk
    assert response.headers["X-RateLimit-Remaining"] == str(int(response.headers["X-RateLimit-Limit"]) - 2)
    assert "spec_content" not in context.captured_queries[2]["sql"]


def test_api_scan_status_of_a_new_key_looks_it_up_once(many_scans, account, django_assert_num_queries):
    # 1 the key generation, 2 the API key by digest (with its tenant), 3 its last-used time, 4 the scan.
    account.client.get("/api/v1/usage")
    ApiKey.objects.filter(tenant=account.tenant).update(last_used_at=None)
    invalidate_keys()
    with django_assert_num_queries(4):
        assert account.client.get(f"/api/v1/scan/{many_scans.pk}").status_code == 200
