"""POST /api/v1/billing/webhook verifies Stripe-Signature against STRIPE_WEBHOOK_SECRET: anything
else is 400 and changes nothing."""
from __future__ import annotations

import json
import time

import pytest

from billing.models import WebhookReceipt
from tests.billing.conftest import signed_post
from tests.billing.fake_stripe import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(account, saas, fake_stripe) -> dict:
    url = account.client.post("/api/v1/billing/checkout", {"plan": "pro"}, format="json").json()["checkout_url"]
    return fake_stripe.complete_checkout(url.rsplit("/", 1)[1])


def assert_refused(response, account) -> None:
    assert response.status_code == 400
    assert response.json()["error"] == "INVALID_SIGNATURE"
    account.tenant.refresh_from_db()
    assert account.tenant.plan == "free"
    assert not WebhookReceipt.objects.exists()


def test_a_valid_signature_is_accepted(anonymous, account, event):
    assert signed_post(anonymous, event).status_code == 200


def test_another_secret_is_refused(anonymous, account, event):
    assert_refused(signed_post(anonymous, event, secret="whsec_someone_else"), account)


def test_a_missing_signature_is_refused(anonymous, account, event):
    assert_refused(signed_post(anonymous, event, signature=""), account)


def test_a_garbled_signature_is_refused(anonymous, account, event):
    assert_refused(signed_post(anonymous, event, signature="t=1,v1=zz"), account)


def test_a_tampered_body_is_refused(anonymous, account, event):
    header = sign(json.dumps(event).encode(), "whsec_nat_test_0123456789abcdef")
    tampered = json.dumps({**event, "type": "customer.subscription.deleted"}).encode()
    response = anonymous.post("/api/v1/billing/webhook", data=tampered, content_type="application/json",
                              HTTP_STRIPE_SIGNATURE=header)
    assert_refused(response, account)


def test_an_old_signature_cannot_be_replayed(anonymous, account, event):
    assert_refused(signed_post(anonymous, event, timestamp=int(time.time()) - 3600), account)


def test_the_webhook_needs_no_api_key_and_ignores_one(anonymous, account, event):
    anonymous.credentials(HTTP_X_API_KEY="nat_pk_" + "y" * 40)
    assert signed_post(anonymous, event).status_code == 200
