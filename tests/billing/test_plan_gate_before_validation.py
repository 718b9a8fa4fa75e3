"""In SaaS mode the plan answers first (SPEC: 402 before 422 before target checks): a request the plan
refuses gets 402 even when its target or another field would also be refused, and nothing is counted."""
from __future__ import annotations

import socket

import pytest

from billing.models import UsagePeriod
from billing.quotas import quota_consume
from scans.models import Scan

pytestmark = pytest.mark.django_db

UNRESOLVABLE = "http://nonexistent.invalid/api"


@pytest.fixture
def lookups(monkeypatch) -> list[str]:
    """Name resolution that fails for every host (as for one that does not exist), recording each lookup."""
    asked: list[str] = []

    def unresolvable(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unresolvable)
    return asked


def test_free_tenant_asking_a_security_scan_of_an_unresolvable_host_gets_402(account, saas, lookups):
    response = account.client.post("/api/v1/security-scan", {"url": UNRESOLVABLE}, format="json")
    body = response.json()
    assert response.status_code == 402, body
    assert (body["error"], body["status"], body["feature"]) == ("FEATURE_NOT_AVAILABLE", 402, "security_scans")
    assert lookups == []
    assert not Scan.objects.exists()


def test_the_default_mode_of_scan_is_gated_before_an_invalid_option(account, saas, lookups):
    response = account.client.post(
        "/api/v1/scan", {"url": UNRESOLVABLE, "options": {"concurrency": 0}}, format="json",
    )
    assert response.status_code == 402
    assert response.json()["error"] == "FEATURE_NOT_AVAILABLE"


def test_an_extended_wcag_profile_below_team_is_gated_before_the_target(account, saas, lookups):
    account.tenant.plan = "pro"
    account.tenant.save()
    response = account.client.post(
        "/api/v1/scan", {"url": UNRESOLVABLE, "mode": "functional", "options": {"wcag_profile": "section508"}},
        format="json",
    )
    assert response.status_code == 402
    assert response.json()["feature"] == "wcag_profile"


def test_a_used_up_quota_is_refused_before_the_target(account, saas, settings, lookups):
    settings.NAT_PLANS = {"pro": {"security_scans": 1}}
    account.tenant.plan = "pro"
    account.tenant.save()
    quota_consume(tenant=account.tenant, mode="security")
    response = account.client.post("/api/v1/scan", {"url": UNRESOLVABLE}, format="json")
    body = response.json()
    assert response.status_code == 402
    assert (body["error"], body["quota"]) == ("QUOTA_EXCEEDED", "security_scans")
    assert UsagePeriod.objects.get(tenant=account.tenant).security_scans_used == 1


def test_a_request_the_plan_allows_still_has_its_host_checked(account, saas, lookups):
    account.tenant.plan = "pro"
    account.tenant.save()
    response = account.client.post("/api/v1/security-scan", {"url": UNRESOLVABLE}, format="json")
    body = response.json()
    assert response.status_code == 422
    assert body["error"] == "VALIDATION_ERROR" and "url" in body["message"]
    assert lookups == ["nonexistent.invalid"]
    assert not UsagePeriod.objects.filter(security_scans_used__gt=0).exists()


def test_an_invalid_mode_is_left_to_validation(account, saas, lookups):
    response = account.client.post("/api/v1/scan", {"url": UNRESOLVABLE, "mode": "bogus"}, format="json")
    assert response.status_code == 422
    assert "mode" in response.json()["message"]
