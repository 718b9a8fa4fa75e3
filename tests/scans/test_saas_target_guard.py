"""In SaaS mode a scan of an internal address is refused at submit time (422 naming the field);
self-hosted mode allows it."""
from __future__ import annotations

import pytest

from scans.models import Scan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("body", "field"), [
    ({"url": "http://127.0.0.1:8000"}, "url"),
    ({"url": "http://2130706433/"}, "url"),
    ({"url": "http://[::ffff:169.254.169.254]/latest"}, "url"),
    ({"url": "http://localhost/", }, "url"),
    ({"url": "http://8.8.8.8/", "spec_url": "http://10.0.0.5/openapi.json"}, "spec_url"),
    ({"url": "http://8.8.8.8/", "auth": {"type": "login", "login_url": "http://192.168.1.1/login",
                                         "username": "alice", "password": "pw-alice"}}, "auth.login_url"),
])
def test_saas_refuses_internal_targets(account, settings, body, field):
    settings.NAT_MODE = "saas"
    account.tenant.plan = "pro"
    account.tenant.save()
    response = account.client.post("/api/v1/scan", body, format="json")
    assert response.status_code == 422
    assert f"Field '{field}'" in response.json()["message"]
    assert not Scan.objects.exists()


def test_self_hosted_scans_loopback(account, settings):
    settings.NAT_MODE = "self_hosted"
    assert account.client.post("/api/v1/scan", {"url": "http://127.0.0.1:8000"}, format="json").status_code == 202


@pytest.mark.django_db(transaction=True)
def test_saas_worker_refuses_to_connect_inward_even_when_submit_time_checks_were_passed(account, settings):
    """A scan row that points inward (a name that resolved publicly at submit time, say) fails at
    connect time in the worker, and the target sees no request."""
    from scans.execution import execute_scan
    from tests.scans.factories import make_scan
    from tests.scans.live_target import live_target

    settings.NAT_MODE = "saas"
    with live_target() as target:
        scan = make_scan(account.tenant, url=target.url, status=Scan.Status.QUEUED, spec_url=f"{target.url}/openapi.json")
        execute_scan(scan.pk)
        assert target.requests == 0
    scan.refresh_from_db()
    assert scan.status == "failed" and "public addresses" in scan.failure_reason


@pytest.mark.django_db(transaction=True)
def test_saas_engine_refuses_to_connect_inward_with_an_uploaded_spec(account, settings):
    from scans.execution import execute_scan
    from tests.scans.factories import make_scan
    from tests.scans.live_target import live_target, openapi

    settings.NAT_MODE = "saas"
    with live_target() as target:
        import json

        scan = make_scan(account.tenant, url=target.url, status=Scan.Status.QUEUED, spec_content=json.dumps(openapi(2)))
        execute_scan(scan.pk)
        assert target.requests == 0
    scan.refresh_from_db()
    assert scan.status == "failed" and "refused" in scan.failure_reason.lower(), scan.failure_reason
