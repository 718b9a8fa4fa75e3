"""Usage alerts: raised when a quota crosses 80% and 100%, once per period, listed newest first
by GET /api/v1/usage/alerts and e-mailed to the tenant's users."""
from __future__ import annotations

import pytest
from django.utils import timezone

from billing.errors import QuotaExceeded
from billing.models import UsageAlert
from billing.periods import calendar_month
from billing.quotas import quota_consume

pytestmark = pytest.mark.django_db


@pytest.fixture
def pro(account, saas, settings):
    settings.NAT_PLANS = {"pro": {"security_scans": 5, "functional_scans": 10}}
    account.tenant.plan = "pro"
    account.tenant.save()
    return account


def consume(tenant, mode: str, times: int, **kwargs) -> None:
    for _ in range(times):
        quota_consume(tenant=tenant, mode=mode, **kwargs)


def raised(tenant) -> list[tuple[str, int]]:
    return sorted(UsageAlert.objects.filter(tenant=tenant).values_list("quota", "threshold"))


def test_no_alert_below_eighty_percent(pro):
    consume(pro.tenant, "security", 3)
    assert raised(pro.tenant) == []


def test_eighty_percent_raises_one_alert(pro):
    consume(pro.tenant, "security", 4)
    assert raised(pro.tenant) == [("security_scans", 80)]


def test_the_hundred_percent_alert_follows_and_neither_repeats(pro):
    consume(pro.tenant, "security", 5)
    with pytest.raises(QuotaExceeded):
        quota_consume(tenant=pro.tenant, mode="security")
    assert raised(pro.tenant) == [("security_scans", 80), ("security_scans", 100)]


def test_each_quota_has_its_own_alerts(pro):
    consume(pro.tenant, "full", 4)
    consume(pro.tenant, "functional", 4)
    assert raised(pro.tenant) == [("functional_scans", 80), ("security_scans", 80)]


def test_alerts_are_raised_again_in_the_next_period(pro):
    now = timezone.now()
    consume(pro.tenant, "security", 4, now=now)
    consume(pro.tenant, "security", 4, now=calendar_month(now).end)
    assert UsageAlert.objects.filter(tenant=pro.tenant, threshold=80).count() == 2


def test_the_api_lists_type_threshold_and_when(pro):
    before = timezone.now().replace(microsecond=0)
    consume(pro.tenant, "security", 5)
    alerts = pro.client.get("/api/v1/usage/alerts").json()["alerts"]
    assert [(a["type"], a["threshold"]) for a in alerts] == [("security_scans", 100), ("security_scans", 80)]
    assert all(a["raised_at"] >= before.strftime("%Y-%m-%dT%H:%M:%SZ") for a in alerts)
    assert alerts[0]["quota_reset_date"] == calendar_month(timezone.now()).end.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (alerts[0]["used"], alerts[0]["limit"]) == (5, 5)


def test_alerts_are_per_tenant(pro, other_account):
    consume(pro.tenant, "security", 4)
    assert other_account.client.get("/api/v1/usage/alerts").json() == {"alerts": []}


def test_the_tenant_is_emailed_when_an_alert_is_raised(pro, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consume(pro.tenant, "security", 4)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [pro.user.email]
    assert "80%" in mailoutbox[0].subject and "4 of its 5 security scans" in mailoutbox[0].body


def test_unlimited_quotas_never_alert(account, saas):
    account.tenant.plan = "enterprise"
    account.tenant.save()
    consume(account.tenant, "full", 20)
    assert raised(account.tenant) == []
