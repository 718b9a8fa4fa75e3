"""What a plan lacks is refused with 402 FEATURE_NOT_AVAILABLE before anything is counted."""
from __future__ import annotations

import pytest

from billing.errors import FeatureNotAvailable
from billing.models import UsagePeriod
from billing.quotas import quota_consume
from scans.models import Scan
from tests.billing.conftest import PUBLIC_TARGET

pytestmark = pytest.mark.django_db


def set_plan(account, plan: str) -> None:
    account.tenant.plan = plan
    account.tenant.save()


def test_security_scans_are_not_on_free(account, saas):
    response = account.client.post("/api/v1/security-scan", {"url": PUBLIC_TARGET}, format="json")
    body = response.json()
    assert response.status_code == 402
    assert (body["error"], body["status"], body["feature"]) == ("FEATURE_NOT_AVAILABLE", 402, "security_scans")
    assert "Free" in body["message"] and "Pro" in body["message"]
    assert not Scan.objects.exists() and not UsagePeriod.objects.filter(security_scans_used__gt=0).exists()


def test_security_scans_are_on_pro(account, saas):
    set_plan(account, "pro")
    assert account.client.post("/api/v1/security-scan", {"url": PUBLIC_TARGET}, format="json").status_code == 202


@pytest.mark.parametrize("profile", ["wcag22aa", "section508"])
def test_extended_wcag_profiles_need_team(account, saas, profile):
    set_plan(account, "pro")
    with pytest.raises(FeatureNotAvailable, match="Team") as refused:
        quota_consume(tenant=account.tenant, mode="functional", wcag_profile=profile)
    assert refused.value.extra["feature"] == "wcag_profile"
    set_plan(account, "team")
    quota_consume(tenant=account.tenant, mode="full", wcag_profile=profile)


def test_the_default_wcag_profile_is_on_every_plan(account, saas):
    quota_consume(tenant=account.tenant, mode="functional", wcag_profile="wcag21aa")


def test_a_profile_that_a_security_scan_never_uses_is_not_refused(account, saas):
    set_plan(account, "pro")
    quota_consume(tenant=account.tenant, mode="security", wcag_profile="section508")


def test_a_full_scan_on_free_is_refused_whole(account, saas):
    with pytest.raises(FeatureNotAvailable):
        quota_consume(tenant=account.tenant, mode="full")
    assert not UsagePeriod.objects.filter(functional_scans_used__gt=0).exists()


def test_self_hosted_has_every_feature(account):
    quota_consume(tenant=account.tenant, mode="full", wcag_profile="section508")
