"""Settings → Billing: plan, usage bars with the reset date, upgrade buttons that go to Stripe
Checkout and "Manage subscription" to the portal; the dashboard warns near a limit."""
from __future__ import annotations

import socket

import pytest
from django.utils import timezone

from billing.models import BillingAccount, UsagePeriod
from billing.periods import calendar_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_client(client, account):
    client.force_login(account.user)
    return client


def use(tenant, *, functional: int = 0, security: int = 0) -> None:
    period = calendar_month(timezone.now())
    UsagePeriod.objects.create(tenant=tenant, period_start=period.start, period_end=period.end,
                               functional_scans_used=functional, security_scans_used=security)


def test_shows_the_plan_usage_bars_and_reset_date(account, saas, browser_client):
    account.tenant.plan = "pro"
    account.tenant.save()
    use(account.tenant, functional=120, security=30)
    page = browser_client.get("/settings/billing/").content.decode()
    assert '<span data-testid="current-plan">Pro</span>' in page
    assert '<progress id="bar-functional_scans" max="500" value="120">' in page
    assert '<progress id="bar-security_scans" max="100" value="30">' in page
    assert calendar_month(timezone.now()).end.strftime("%-d %B %Y") in page


def test_free_shows_security_scans_as_not_included(account, saas, browser_client):
    page = browser_client.get("/settings/billing/").content.decode()
    assert "Security scans:\n      not included in your plan" in page


def test_upgrade_buttons_appear_when_stripe_is_configured(account, saas, fake_stripe, browser_client):
    page = browser_client.get("/settings/billing/").content.decode()
    assert [label for label in ("Upgrade to Pro", "Upgrade to Team", "Upgrade to Enterprise") if label in page] == [
        "Upgrade to Pro", "Upgrade to Team"]
    assert "Contact us" in page, "Enterprise has no STRIPE_PRICE_ID_ENTERPRISE in these tests"
    assert "Current plan</span>" in page and "Downgrade to" not in page
    assert "Manage subscription" not in page


def test_the_upgrade_button_redirects_to_stripe_checkout(account, saas, fake_stripe, browser_client):
    response = browser_client.post("/settings/billing/checkout/", {"plan": "team"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{fake_stripe.url}/checkout/cs_test_")
    session = fake_stripe.session(response["Location"].rsplit("/", 1)[1])
    assert session["success_url"] == "http://testserver/settings/billing/?checkout=success"


def test_a_refused_upgrade_comes_back_with_the_reason(account, saas, fake_stripe, browser_client):
    response = browser_client.post("/settings/billing/checkout/", {"plan": "enterprise"}, follow=True)
    assert "STRIPE_PRICE_ID_ENTERPRISE" in response.content.decode()


def test_manage_subscription_redirects_to_the_portal(account, saas, fake_stripe, browser_client):
    BillingAccount.objects.create(tenant=account.tenant, stripe_customer_id=fake_stripe.customer()["id"])
    assert "Manage subscription" in browser_client.get("/settings/billing/").content.decode()
    response = browser_client.post("/settings/billing/portal/")
    assert response.status_code == 302 and response["Location"].startswith(f"{fake_stripe.url}/portal/bps_")


def test_the_page_may_send_forms_on_to_stripe(account, saas, fake_stripe, browser_client):
    policy = browser_client.get("/settings/billing/")["Content-Security-Policy"]
    form_action = next(part for part in policy.split("; ") if part.startswith("form-action"))
    assert form_action.split() == ["form-action", "'self'", "https://checkout.stripe.com",
                                   "https://billing.stripe.com", fake_stripe.url]
    assert "default-src 'self'" in policy


def test_returning_from_checkout_shows_a_notice_once(account, saas, browser_client):
    response = browser_client.get("/settings/billing/?checkout=success", follow=True)
    assert response.redirect_chain == [("/settings/billing/", 302)]
    assert "Payment received" in response.content.decode()


def test_self_hosted_shows_usage_without_limits(account, browser_client):
    use(account.tenant, security=4)
    page = browser_client.get("/settings/billing/").content.decode()
    assert "self-hosted mode" in page and "4 used (unlimited)" in page and "Upgrade to" not in page


def test_the_dashboard_warns_within_twenty_percent_of_a_quota(account, saas, browser_client):
    assert 'data-testid="approaching-limit"' not in browser_client.get("/dashboard/").content.decode()
    use(account.tenant, functional=41)
    page = browser_client.get("/dashboard/").content.decode()
    assert 'data-testid="approaching-limit"' in page and "Functional scans: 41 of 50 used" in page


def test_the_billing_page_needs_a_login(client):
    response = client.get("/settings/billing/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_dashboard_scan_refused_by_the_plan_comes_back_with_the_reason_and_the_input(account, saas, browser_client):
    response = browser_client.post("/scans/new/", {"url": "http://93.184.215.14/api", "mode": "security",
                                                   "auth_type": "none"})
    page = response.content.decode()
    assert response.status_code == 402
    assert "Security scans are not available on the Free plan" in page
    assert 'value="http://93.184.215.14/api"' in page
    assert not account.tenant.scans.exists()


def test_the_dashboard_answers_the_plan_before_looking_up_the_target(account, saas, browser_client, monkeypatch):
    asked: list[str] = []

    def unresolvable(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unresolvable)
    response = browser_client.post("/scans/new/", {"url": "http://nonexistent.invalid/api", "mode": "security",
                                                   "auth_type": "none"})
    assert response.status_code == 402
    assert "Security scans are not available on the Free plan" in response.content.decode()
    assert asked == [] and not account.tenant.scans.exists()
