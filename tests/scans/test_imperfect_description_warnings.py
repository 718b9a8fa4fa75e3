"""A scan whose description has defects NAT can read past (an undeclared path variable, a server
naming production) completes, and the scan's results list every repair among their warnings."""
from __future__ import annotations

import json

import pytest

from scans.engine.model import Remedy
from scans.engine.spec import load_spec
from scans.execution import execute_scan
from scans.models import Scan
from tests.scans.factories import make_scan
from tests.scans.live_target import live_target

pytestmark = pytest.mark.django_db(transaction=True)

SPEC = {
    "openapi": "3.0.0", "info": {"title": "x", "version": "1"},
    "servers": [{"url": "https://api.production.example.com"}],
    "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}},
}


def test_a_scan_of_an_imperfect_description_completes_and_its_results_list_the_repairs(account):
    with live_target(spec_body=json.dumps(SPEC).encode()) as target:
        scan = make_scan(account.tenant, url=target.url, status=Scan.Status.QUEUED,
                         spec_url=f"{target.url}/openapi.json")
        execute_scan(scan.pk)
    scan.refresh_from_db()
    assert scan.status == Scan.Status.COMPLETED, scan.failure_reason
    description = load_spec(json.dumps(SPEC).encode(), base_url=scan.url)
    assert [(warning.location, warning.remedy) for warning in description.warnings] == [
        ("paths./a/{id}.get", Remedy.REPAIRED), ("servers[0].url", Remedy.IGNORED),
    ]
    results = account.client.get(f"/api/v1/scan/{scan.pk}/results").json()
    assert {f"API description: {line}" for line in description.warning_lines()} <= set(results["warnings"])
