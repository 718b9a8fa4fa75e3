"""Without the Stripe settings every billing endpoint answers 503 STRIPE_NOT_CONFIGURED, logged as one
WARNING line (the server answering as configured, not a failure), and the dashboard says upgrades are
unavailable instead of failing."""
from __future__ import annotations

import logging

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/billing/checkout", "/api/v1/billing/portal", "/api/v1/billing/webhook", "/api/v1/billing/sync-tenant"]


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("mode", ["self_hosted", "saas"])
def test_every_billing_endpoint_is_503(account, settings, path, mode):
    settings.NAT_MODE = mode
    settings.NAT_SERVICE_TOKEN = "svc-token"
    response = account.client.post(path, {"plan": "pro"}, format="json", HTTP_X_SERVICE_TOKEN="svc-token")
    body = response.json()
    assert response.status_code == 503
    assert (body["error"], body["status"]) == ("STRIPE_NOT_CONFIGURED", 503)
    assert "STRIPE_SECRET_KEY" in body["message"] and "STRIPE_WEBHOOK_SECRET" in body["message"]


def test_a_missing_webhook_secret_alone_is_named(account, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_abcdefghijklmnopqrstuvwxyz"
    body = account.client.post("/api/v1/billing/checkout", {"plan": "pro"}, format="json").json()
    assert body["error"] == "STRIPE_NOT_CONFIGURED"
    assert "STRIPE_WEBHOOK_SECRET" in body["message"] and "STRIPE_SECRET_KEY" not in body["message"]


def test_an_unpriced_plan_is_503_naming_its_variable(account, saas, fake_stripe):
    body = account.client.post("/api/v1/billing/checkout", {"plan": "enterprise"}, format="json").json()
    assert (body["status"], body["error"]) == (503, "STRIPE_NOT_CONFIGURED")
    assert "STRIPE_PRICE_ID_ENTERPRISE" in body["message"]
    assert fake_stripe.requests == []


def test_the_billing_page_offers_no_upgrade_without_stripe(account, saas, client):
    client.force_login(account.user)
    page = client.get("/settings/billing/").content.decode()
    assert "billing is not configured on this server" in page
    assert "Upgrade to" not in page


@pytest.mark.parametrize("path", ENDPOINTS)
def test_stripe_not_configured_is_one_warning_line(account, settings, caplog, path):
    settings.NAT_SERVICE_TOKEN = "svc-token"
    caplog.set_level(logging.INFO)
    response = account.client.post(path, {"plan": "pro"}, format="json", HTTP_X_SERVICE_TOKEN="svc-token")
    assert response.status_code == 503 and response.json()["error"] == "STRIPE_NOT_CONFIGURED"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    line = warnings[0].getMessage()
    assert "STRIPE_NOT_CONFIGURED" in line and path in line and "STRIPE_SECRET_KEY" in line
    assert "\n" not in line
    assert warnings[0].exc_info is None and warnings[0].stack_info is None


def test_other_server_errors_are_still_logged_as_errors(account, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("billing.api.usage_report", broken)
    caplog.set_level(logging.INFO)
    assert account.client.get("/api/v1/usage").status_code == 500
    assert any(r.levelno == logging.ERROR for r in caplog.records)
