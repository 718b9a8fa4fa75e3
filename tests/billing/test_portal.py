"""POST /api/v1/billing/portal: the Stripe customer portal for the tenant's customer."""
from __future__ import annotations

import pytest

from billing.models import BillingAccount

pytestmark = pytest.mark.django_db


def test_returns_the_portal_url_for_the_tenants_customer(account, saas, fake_stripe):
    response = account.client.post("/api/v1/billing/portal", {"return_url": "https://app.example.com/back"}, format="json")
    assert response.status_code == 200
    url = response.json()["portal_url"]
    assert url.startswith(f"{fake_stripe.url}/portal/bps_")
    portal = fake_stripe.objects[url.rsplit("/", 1)[1]]
    assert portal["customer"] == BillingAccount.objects.get(tenant=account.tenant).stripe_customer_id
    assert portal["return_url"] == "https://app.example.com/back"


def test_the_return_url_defaults_to_the_billing_page(account, saas, fake_stripe):
    url = account.client.post("/api/v1/billing/portal", {}, format="json").json()["portal_url"]
    assert fake_stripe.objects[url.rsplit("/", 1)[1]]["return_url"] == "http://testserver/settings/billing/"


def test_an_invalid_return_url_is_422(account, saas, fake_stripe):
    response = account.client.post("/api/v1/billing/portal", {"return_url": "not a url"}, format="json")
    assert response.status_code == 422 and "'return_url'" in response.json()["message"]


def test_the_portal_needs_an_api_key(anonymous, saas, fake_stripe):
    assert anonymous.post("/api/v1/billing/portal", {}, format="json").status_code == 401
