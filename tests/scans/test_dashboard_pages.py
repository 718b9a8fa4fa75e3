"""The dashboard's scan pages: list, new-scan form, scan page, dismiss and downloads."""
from __future__ import annotations

import json

import pytest
from django.test import Client

from scans.models import Dismissal, Scan
from tests.conftest import PASSWORD
from tests.scans.factories import make_finding, make_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_client(account) -> Client:
    client = Client()
    assert client.login(username=account.user.email, password=PASSWORD)
    return client


def test_list_filters_by_status_and_pages(account, browser_client):
    for minutes in range(30):
        make_scan(account.tenant, age_minutes=minutes, url=f"http://127.0.0.1:9/t{minutes}",
                  status=Scan.Status.FAILED if minutes == 3 else Scan.Status.COMPLETED)
    page = browser_client.get("/scans/").content.decode()
    assert "http://127.0.0.1:9/t0" in page and "http://127.0.0.1:9/t29" not in page and "Page 1 of 2" in page
    failed = browser_client.get("/scans/?status=failed").content.decode()
    assert "http://127.0.0.1:9/t3<" in failed and "http://127.0.0.1:9/t4<" not in failed


def test_list_runs_a_fixed_number_of_queries(account, browser_client, django_assert_num_queries):
    for minutes in range(40):
        make_scan(account.tenant, age_minutes=minutes)
    # session, user, tenant, count, one page of scans: the same with 40 scans as with 4,000
    with django_assert_num_queries(5):
        browser_client.get("/scans/")


def test_new_scan_form_queues_a_scan_with_the_uploaded_spec(account, browser_client):
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = browser_client.post("/scans/new/", {
        "url": "http://127.0.0.1:9/api", "mode": "security", "auth_type": "bearer", "token": "tok-123",
        "concurrency": 4, "timeout": 20, "exclude": "/admin/*\nDELETE:/users/{id}",
        "spec_file": SimpleUploadedFile("openapi.json", json.dumps(spec).encode()),
    })
    scan = Scan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/scans/{scan.pk}/"
    assert scan.options["exclude"] == ["/admin/*", "DELETE:/users/{id}"] and scan.options["concurrency"] == 4
    assert scan.spec_summary["operations"] == 1 and "tok-123" not in scan.credentials


def test_new_scan_form_shows_the_apis_validation_errors(browser_client):
    response = browser_client.post("/scans/new/", {"url": "ftp://x", "mode": "security", "auth_type": "bearer", "concurrency": 99})
    assert response.status_code == 422
    page = response.content.decode()
    assert "http:// or https://" in page and not Scan.objects.exists()


def test_scan_page_shows_findings_with_evidence_and_severity_filter(account, browser_client):
    scan = make_scan(account.tenant)
    make_finding(scan, severity="high", title="Object read by another user")
    make_finding(scan, check="jwt-none", endpoint="/me", parameter="", severity="critical", score=95, title="JWT alg none accepted")
    page = browser_client.get(f"/scans/{scan.pk}/").content.decode()
    assert "Object read by another user" in page and "JWT alg none accepted" in page and "curl -H" in page
    high_only = browser_client.get(f"/scans/{scan.pk}/?severity=high").content.decode()
    assert "Object read by another user" in high_only and "JWT alg none accepted" not in high_only


def test_dismiss_from_the_scan_page(account, browser_client):
    finding = make_finding(make_scan(account.tenant))
    response = browser_client.post(f"/findings/{finding.pk}/dismiss/", {"reason": "wont_fix", "note": "legacy"})
    assert response.status_code == 302
    dismissal = Dismissal.objects.get()
    assert (dismissal.reason, dismissal.note, dismissal.dismissed_by) == ("wont_fix", "legacy", account.user.email)


@pytest.mark.parametrize("fmt", ["html", "json", "csv", "sarif", "markdown"])
def test_downloads_in_every_format(account, browser_client, fmt):
    scan = make_scan(account.tenant)
    make_finding(scan)
    response = browser_client.get(f"/scans/{scan.pk}/export/{fmt}/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_cancel_from_the_scan_page(account, browser_client):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING)
    browser_client.post(f"/scans/{scan.pk}/cancel/")
    scan.refresh_from_db()
    assert scan.status == "cancelled"


def test_another_tenants_scan_pages_are_404(account, other_account):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING)
    finding = make_finding(scan)
    intruder = Client()
    intruder.login(username=other_account.user.email, password=PASSWORD)
    for path in (f"/scans/{scan.pk}/", f"/scans/{scan.pk}/status.json", f"/scans/{scan.pk}/export/json/"):
        assert intruder.get(path).status_code == 404, path
    assert intruder.post(f"/scans/{scan.pk}/cancel/").status_code == 404
    assert intruder.post(f"/findings/{finding.pk}/dismiss/", {"reason": "wont_fix"}).status_code == 404
    scan.refresh_from_db()
    assert scan.status == "running" and not Dismissal.objects.exists()
