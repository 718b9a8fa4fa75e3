"""POST /api/v1/billing/checkout: a Stripe Checkout Session for the plan (422 for an unknown plan,
409 with a pointer to the portal when that plan is already active); paying tenants go to the portal."""
from __future__ import annotations

import pytest
from djstripe.models import Customer

from billing.models import BillingAccount
from tests.billing.conftest import PRICES

pytestmark = pytest.mark.django_db


def checkout(account, **body):
    return account.client.post("/api/v1/billing/checkout", {"plan": "pro", **body}, format="json")


def test_returns_the_hosted_checkout_url(account, saas, fake_stripe):
    response = checkout(account)
    assert response.status_code == 200
    url = response.json()["checkout_url"]
    assert url.startswith(f"{fake_stripe.url}/checkout/cs_test_")
    session = fake_stripe.session(url.rsplit("/", 1)[1])
    assert session["mode"] == "subscription"
    assert session["line_items"] == [{"price": PRICES["pro"], "quantity": "1"}]
    assert session["client_reference_id"] == account.tenant.pk
    assert session["metadata"] == {"tenant_id": account.tenant.pk, "plan": "pro"}
    assert session["subscription_data"]["metadata"]["tenant_id"] == account.tenant.pk
    assert session["success_url"] == "http://testserver/settings/billing/?checkout=success"


def test_the_customer_is_created_once_for_the_tenant(account, saas, fake_stripe):
    checkout(account)
    checkout(account, plan="team")
    customers = [r for r in fake_stripe.requests if r.method == "POST" and r.path == "/v1/customers"]
    assert len(customers) == 1
    assert customers[0].params["metadata"] == {"tenant_id": account.tenant.pk}
    assert customers[0].params["email"] == account.user.email
    billing = BillingAccount.objects.get(tenant=account.tenant)
    assert billing.stripe_customer_id in fake_stripe.objects


def test_the_customer_is_mirrored_by_dj_stripe(account, saas, fake_stripe):
    checkout(account)
    customer = Customer.objects.get(id=BillingAccount.objects.get(tenant=account.tenant).stripe_customer_id)
    assert customer.stripe_data["metadata"] == {"tenant_id": account.tenant.pk}


def test_given_redirect_urls_are_passed_on(account, saas, fake_stripe):
    url = checkout(account, success_url="https://app.example.com/ok", cancel_url="https://app.example.com/no").json()["checkout_url"]
    session = fake_stripe.session(url.rsplit("/", 1)[1])
    assert (session["success_url"], session["cancel_url"]) == ("https://app.example.com/ok", "https://app.example.com/no")


@pytest.mark.parametrize("body", [{"plan": "gold"}, {"plan": ""}, {"plan": None}, {"plan": "pro", "success_url": "javascript:alert(1)"}])
def test_invalid_fields_are_422_naming_them(account, saas, fake_stripe, body):
    response = account.client.post("/api/v1/billing/checkout", body, format="json")
    field = "success_url" if "success_url" in body else "plan"
    assert response.status_code == 422
    assert response.json()["error"] == "VALIDATION_ERROR" and f"'{field}'" in response.json()["message"]


def test_a_missing_plan_is_422(account, saas, fake_stripe):
    response = account.client.post("/api/v1/billing/checkout", {}, format="json")
    assert response.status_code == 422 and response.json()["message"] == "Field 'plan' is required."


@pytest.mark.parametrize("plan", ["free", "pro"])
def test_the_active_plan_is_409_with_a_pointer_to_the_portal(account, saas, fake_stripe, plan):
    account.tenant.plan = plan
    account.tenant.save()
    response = checkout(account, plan=plan)
    body = response.json()
    assert response.status_code == 409
    assert (body["error"], body["portal"]) == ("PLAN_ALREADY_ACTIVE", "/api/v1/billing/portal")
    assert "portal" in body["message"]
    assert fake_stripe.requests == []


def paying(account, fake_stripe, plan: str = "pro") -> str:
    customer = fake_stripe.customer(email=account.user.email)
    sub = fake_stripe.subscription(customer=customer["id"], price_id=PRICES[plan])
    BillingAccount.objects.create(tenant=account.tenant, stripe_customer_id=customer["id"],
                                  stripe_subscription_id=sub["id"], subscription_status="active")
    account.tenant.plan = plan
    account.tenant.save()
    return sub["id"]


def test_a_paying_tenant_changes_plan_in_the_portal_not_a_second_checkout(account, saas, fake_stripe):
    sub_id = paying(account, fake_stripe)
    url = checkout(account, plan="team").json()["checkout_url"]
    assert url.startswith(f"{fake_stripe.url}/portal/bps_")
    flow = fake_stripe.objects[url.rsplit("/", 1)[1]]["flow"]
    assert flow["type"] == "subscription_update_confirm"
    assert flow["subscription_update_confirm"]["subscription"] == sub_id
    assert flow["subscription_update_confirm"]["items"][0]["price"] == PRICES["team"]
    assert "/v1/checkout/sessions" not in fake_stripe.paths("POST")


def test_downgrading_to_free_goes_to_the_cancellation_flow(account, saas, fake_stripe):
    sub_id = paying(account, fake_stripe)
    url = checkout(account, plan="free").json()["checkout_url"]
    flow = fake_stripe.objects[url.rsplit("/", 1)[1]]["flow"]
    assert (flow["type"], flow["subscription_cancel"]["subscription"]) == ("subscription_cancel", sub_id)


def test_stripe_refusing_is_a_502_envelope(account, saas, fake_stripe, settings):
    settings.STRIPE_SECRET_KEY = "sk_live_NOTACCEPTEDBYTHEFAKE0000000000"
    response = checkout(account)
    assert response.status_code == 502
    assert response.json()["error"] == "STRIPE_ERROR" and "Invalid API Key" in response.json()["message"]
