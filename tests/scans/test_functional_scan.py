"""Functional and full scans through the worker code: sub-reports stored, images served only to
their tenant, visual regressions between scans, the HTML report with its screenshots."""
from __future__ import annotations

import base64
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from scans.execution import execute_scan
from scans.models import Scan
from tests.functional.sites.routes import build_site
from tests.scans.factories import make_scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEC = Path(__file__).resolve().parents[1] / "functional" / "sites" / "pages" / "api" / "openapi.json"


@pytest.fixture(scope="module")
def site():
    server = build_site().start()
    yield server
    server.stop()


def run(account, site, *, mode: str = "functional", pages=("/visual/index.html", "/accessibility/bad.html"), **options) -> Scan:
    client = account.client
    body = {
        "url": site.url, "mode": mode, "spec_content": base64.b64encode(SPEC.read_bytes()).decode(),
        "options": {"pages": [f"{site.url}{page}" for page in pages], "masks": [".clock", ".spinner"],
                    "concurrency": 2, **options},
    }
    response = client.post("/api/v1/scan", body, format="json")
    assert response.status_code == 202, response.json()
    scan_id = response.json()["scan_id"]
    execute_scan(scan_id)
    scan = Scan.objects.get(pk=scan_id)
    assert scan.status == "completed", scan.failure_reason
    return scan


def test_functional_scan_reports_visual_accessibility_performance_and_contract(account, site):
    site.state["variant"] = "base"
    scan = run(account, site)
    body = account.client.get(f"/api/v1/scan/{scan.pk}/functional-results").json()
    assert body["total"] == scan.tasks_total and body["failed"] >= 1
    assert {v["rule"] for v in body["accessibility"]["violations"]} >= {"image-alt"}
    assert body["performance"]["pages_tested"] == 2 and 0 <= body["performance"]["performance_score"] <= 100
    assert all(c["baseline_created"] for c in body["visual_regression"]["comparisons"])
    contract_failures = list(scan.tasks.filter(check_name="contract", outcome="found"))
    assert any("/api/stats" in task.endpoint for task in contract_failures)
    assert scan.findings.count() == 0, "contract failures are tasks, not security findings"
    for name in ("accessibility", "performance", "visual-regression"):
        sub = account.client.get(f"/api/v1/scan/{scan.pk}/{name}")
        assert sub.status_code == 200 and sub.json()["scan_id"] == scan.pk


def test_a_visual_change_is_a_regression_with_three_images_served_to_the_owner_only(account, other_account, site):
    site.state["variant"] = "base"
    run(account, site, pages=["/visual/index.html"])
    site.state["variant"] = "changed"
    try:
        scan = run(account, site, pages=["/visual/index.html"])
    finally:
        site.state["variant"] = "base"
    visual = account.client.get(f"/api/v1/scan/{scan.pk}/visual-regression").json()["visual_regression"]
    changed = visual["comparisons"][0]
    assert changed["regression"] and visual["diffs_detected"] >= 1
    urls = [changed["images"][kind] for kind in ("before", "after", "diff")]
    for url in urls:
        response = account.client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert other_account.client.get(url).status_code == 404
        assert APIClient().get(url).status_code == 401
    html = account.client.get(f"/api/v1/scan/{scan.pk}/export?format=html").content.decode()
    assert html.count("data:image/png;base64,") >= 3


def test_reset_baseline_makes_the_current_page_the_baseline(account, site):
    site.state["variant"] = "base"
    run(account, site, pages=["/visual/index.html"])
    site.state["variant"] = "changed"
    try:
        reset = run(account, site, pages=["/visual/index.html"], reset_baseline=True)
        after_reset = run(account, site, pages=["/visual/index.html"])
    finally:
        site.state["variant"] = "base"
    for scan in (reset, after_reset):
        visual = account.client.get(f"/api/v1/scan/{scan.pk}/visual-regression").json()["visual_regression"]
        assert not any(c["regression"] for c in visual["comparisons"]), scan.pk


def test_security_scans_have_no_functional_results(account):
    scan = make_scan(account.tenant)
    for name in ("functional-results", "visual-regression", "accessibility", "performance"):
        body = account.client.get(f"/api/v1/scan/{scan.pk}/{name}").json()
        assert body["status"] == 409 and body["error"] == "NOT_A_FUNCTIONAL_SCAN"
