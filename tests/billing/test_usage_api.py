"""GET /api/v1/usage: every field of the SPEC with its aliases, for the current billing period."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone as django_timezone

from billing.models import BillingAccount, UsagePeriod
from billing.periods import calendar_month

pytestmark = pytest.mark.django_db

SPEC_FIELDS = {
    "plan", "functional_scans_used", "functional_scans_limit", "security_scans_used", "security_scans_limit",
    "scans_used", "scans_limit", "scans_remaining", "security_scan_count", "monthly_security_scan_quota",
    "approaching_limit", "quota_reset_date",
}


def use(tenant, *, functional: int = 0, security: int = 0, period=None) -> None:
    period = period or calendar_month(django_timezone.now())
    UsagePeriod.objects.update_or_create(
        tenant=tenant, period_start=period.start,
        defaults={"period_end": period.end, "functional_scans_used": functional, "security_scans_used": security},
    )


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_pro_usage_has_every_spec_field_and_alias(account, saas):
    account.tenant.plan = "pro"
    account.tenant.save()
    use(account.tenant, functional=47, security=8)
    body = account.client.get("/api/v1/usage").json()
    assert set(body) >= SPEC_FIELDS
    assert body["plan"] == "pro"
    assert (body["functional_scans_used"], body["functional_scans_limit"]) == (47, 500)
    assert (body["security_scans_used"], body["security_scans_limit"]) == (8, 100)
    assert (body["scans_used"], body["scans_limit"], body["scans_remaining"]) == (47, 500, 453)
    assert (body["security_scan_count"], body["monthly_security_scan_quota"]) == (8, 100)
    assert body["approaching_limit"] is False
    assert body["quota_reset_date"] == iso(calendar_month(django_timezone.now()).end)


def test_free_plan_has_no_security_scans_and_resets_on_the_first(account, saas):
    body = account.client.get("/api/v1/usage").json()
    assert (body["plan"], body["scans_limit"], body["security_scans_limit"]) == ("free", 50, 0)
    now = django_timezone.now()
    expected = datetime(now.year + (now.month == 12), now.month % 12 + 1, 1, tzinfo=UTC)
    assert body["quota_reset_date"] == iso(expected)


@pytest.mark.parametrize(("used", "approaching"), [(39, False), (40, True), (50, True)])
def test_approaching_limit_within_twenty_percent(account, saas, used, approaching):
    use(account.tenant, functional=used)
    assert account.client.get("/api/v1/usage").json()["approaching_limit"] is approaching


def test_security_quota_alone_can_make_it_approaching(account, saas):
    account.tenant.plan = "pro"
    account.tenant.save()
    use(account.tenant, functional=1, security=80)
    assert account.client.get("/api/v1/usage").json()["approaching_limit"] is True


def test_unlimited_is_null(account, saas):
    account.tenant.plan = "enterprise"
    account.tenant.save()
    use(account.tenant, functional=5000, security=900)
    body = account.client.get("/api/v1/usage").json()
    assert body["functional_scans_limit"] is body["scans_limit"] is body["scans_remaining"] is None
    assert body["security_scans_limit"] is body["monthly_security_scan_quota"] is None
    assert (body["scans_used"], body["security_scan_count"], body["approaching_limit"]) == (5000, 900, False)


def test_self_hosted_reports_usage_without_limits(account):
    use(account.tenant, functional=3, security=4)
    body = account.client.get("/api/v1/usage").json()
    assert body["plan"] == "self_hosted"
    assert (body["functional_scans_used"], body["security_scans_used"]) == (3, 4)
    assert body["functional_scans_limit"] is None and body["security_scans_limit"] is None


def test_an_active_subscription_sets_the_period(account, saas):
    account.tenant.plan = "pro"
    account.tenant.save()
    now = django_timezone.now()
    start = now.replace(microsecond=0) - (now - now.replace(day=1)) / 2
    end = start + (calendar_month(now).end - calendar_month(now).start)
    BillingAccount.objects.create(tenant=account.tenant, stripe_subscription_id="sub_1", subscription_status="active",
                                  current_period_start=start, current_period_end=end)
    body = account.client.get("/api/v1/usage").json()
    assert body["quota_reset_date"] == iso(end)
    assert body["period_start"] == iso(start)


def test_usage_needs_an_api_key(anonymous):
    response = anonymous.get("/api/v1/usage")
    assert response.status_code == 401 and response.json()["error"] == "UNAUTHORIZED"


def test_usage_is_per_tenant(account, other_account, saas):
    use(account.tenant, functional=12)
    assert other_account.client.get("/api/v1/usage").json()["scans_used"] == 0
