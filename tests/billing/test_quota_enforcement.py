"""Creating a scan checks and counts its quota in one step: at the edge it is refused with 402
QUOTA_EXCEEDED and `quota_reset_date`, nothing is stored, and a `full` scan counts one of each or neither."""
from __future__ import annotations

import pytest
from django.utils import timezone

from billing.errors import QuotaExceeded
from billing.models import UsagePeriod
from billing.periods import calendar_month
from billing.quotas import quota_consume
from scans.models import Scan
from tests.billing.conftest import PUBLIC_TARGET

pytestmark = pytest.mark.django_db


@pytest.fixture
def pro(account, saas, settings):
    settings.NAT_PLANS = {"pro": {"security_scans": 2, "functional_scans": 3}}
    account.tenant.plan = "pro"
    account.tenant.save()
    return account


def used(tenant) -> tuple[int, int]:
    row = UsagePeriod.objects.filter(tenant=tenant).first()
    return (row.functional_scans_used, row.security_scans_used) if row else (0, 0)


def test_scans_are_counted_until_the_quota_then_refused_with_the_reset_date(pro):
    for _ in range(2):
        assert pro.client.post("/api/v1/scan", {"url": PUBLIC_TARGET}, format="json").status_code == 202
    refused = pro.client.post("/api/v1/scan", {"url": PUBLIC_TARGET}, format="json")
    body = refused.json()
    assert refused.status_code == 402
    assert (body["error"], body["status"], body["quota"]) == ("QUOTA_EXCEEDED", 402, "security_scans")
    assert body["quota_reset_date"] == calendar_month(timezone.now()).end.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["quota_reset_date"][:10] in body["message"]
    assert Scan.objects.filter(tenant=pro.tenant).count() == 2
    assert used(pro.tenant) == (0, 2)


def test_the_security_scan_endpoint_counts_against_the_same_quota(pro):
    pro.client.post("/api/v1/scan", {"url": PUBLIC_TARGET}, format="json")
    pro.client.post("/api/v1/security-scan", {"url": PUBLIC_TARGET}, format="json")
    assert pro.client.post("/api/v1/security-scan", {"url": PUBLIC_TARGET}, format="json").status_code == 402


def test_usage_reflects_what_was_counted(pro):
    pro.client.post("/api/v1/scan", {"url": PUBLIC_TARGET}, format="json")
    body = pro.client.get("/api/v1/usage").json()
    assert (body["security_scans_used"], body["security_scans_limit"]) == (1, 2)


def test_a_full_scan_counts_one_of_each(pro):
    quota_consume(tenant=pro.tenant, mode="full")
    assert used(pro.tenant) == (1, 1)


def test_a_full_scan_refused_on_one_quota_counts_neither(pro):
    quota_consume(tenant=pro.tenant, mode="security")
    quota_consume(tenant=pro.tenant, mode="security")
    with pytest.raises(QuotaExceeded) as refused:
        quota_consume(tenant=pro.tenant, mode="full")
    assert refused.value.extra["quota"] == "security_scans"
    assert used(pro.tenant) == (0, 2)
    quota_consume(tenant=pro.tenant, mode="functional")
    assert used(pro.tenant) == (1, 2)


def test_functional_quota_is_separate_from_security(pro):
    for _ in range(3):
        quota_consume(tenant=pro.tenant, mode="functional")
    with pytest.raises(QuotaExceeded) as refused:
        quota_consume(tenant=pro.tenant, mode="functional")
    assert refused.value.extra["quota"] == "functional_scans"
    quota_consume(tenant=pro.tenant, mode="security")
    assert used(pro.tenant) == (3, 1)


def test_a_new_period_starts_from_zero(pro):
    now = timezone.now()
    quota_consume(tenant=pro.tenant, mode="security", now=now)
    quota_consume(tenant=pro.tenant, mode="security", now=now)
    next_month = calendar_month(now).end
    quota_consume(tenant=pro.tenant, mode="security", now=next_month)
    rows = list(UsagePeriod.objects.filter(tenant=pro.tenant).order_by("period_start").values_list("security_scans_used", flat=True))
    assert rows == [2, 1]


def test_upgrading_raises_the_limit_at_once(pro, settings):
    quota_consume(tenant=pro.tenant, mode="security")
    quota_consume(tenant=pro.tenant, mode="security")
    pro.tenant.plan = "team"
    pro.tenant.save()
    assert pro.client.post("/api/v1/scan", {"url": PUBLIC_TARGET}, format="json").status_code == 202


def test_self_hosted_never_refuses_but_still_counts(account):
    assert account.tenant.plan == "free"
    for _ in range(3):
        quota_consume(tenant=account.tenant, mode="full")
    assert used(account.tenant) == (3, 3)


def test_tenants_do_not_share_quotas(pro, other_account):
    other_account.tenant.plan = "pro"
    other_account.tenant.save()
    quota_consume(tenant=pro.tenant, mode="security")
    quota_consume(tenant=pro.tenant, mode="security")
    quota_consume(tenant=other_account.tenant, mode="security")
    assert used(other_account.tenant) == (0, 1)


def test_counting_a_scan_costs_four_queries(pro, django_assert_num_queries):
    quota_consume(tenant=pro.tenant, mode="functional")
    # savepoint, billing period (subscription), usage row, the conditional UPDATE, re-read for alerts, release;
    # 2 of 3 used is below 80%, so no alert query
    with django_assert_num_queries(6):
        quota_consume(tenant=pro.tenant, mode="functional")
