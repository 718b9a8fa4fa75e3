"""POST /api/v1/billing/sync-tenant: the provisioning service (X-Service-Token) creates a tenant and
gets its API key back; 422 names missing fields; 409 TENANT_ALREADY_EXISTS for a known one."""
from __future__ import annotations

import pytest

from accounts.models import Tenant

pytestmark = pytest.mark.django_db

TOKEN = "svc_4f1b2d9c8e7a6b5c"


@pytest.fixture
def service(anonymous, settings, fake_stripe):
    settings.NAT_SERVICE_TOKEN = TOKEN
    anonymous.credentials(HTTP_X_SERVICE_TOKEN=TOKEN)
    return anonymous


def sync(client, **body):
    return client.post("/api/v1/billing/sync-tenant", body, format="json")


def test_provisions_the_tenant_and_returns_a_working_key(service, anonymous, saas):
    response = sync(service, tenant_id="acme-42", email="Ops@Acme.example", name="Acme", plan="pro")
    body = response.json()
    assert response.status_code == 201
    assert (body["tenant_id"], body["email"], body["plan"]) == ("acme-42", "ops@acme.example", "pro")
    tenant = Tenant.objects.get(external_id="acme-42")
    assert (tenant.pk, tenant.name, tenant.plan) == (body["nat_tenant_id"], "Acme", "pro")
    assert tenant.users.get().email == "ops@acme.example"
    assert body["api_key"].startswith("nat_pk_")
    anonymous.credentials(HTTP_X_API_KEY=body["api_key"])
    assert anonymous.get("/api/v1/usage").json()["plan"] == "pro"


def test_the_plan_defaults_to_free(service):
    assert sync(service, tenant_id="t-1", email="a@b.example").json()["plan"] == "free"


def test_an_existing_tenant_is_409(service):
    sync(service, tenant_id="acme-42", email="ops@acme.example")
    response = sync(service, tenant_id="acme-42", email="other@acme.example")
    body = response.json()
    assert response.status_code == 409
    assert (body["error"], body["status"]) == ("TENANT_ALREADY_EXISTS", 409)
    assert Tenant.objects.filter(external_id="acme-42").count() == 1


def test_an_email_already_in_use_is_409(service, account):
    response = sync(service, tenant_id="new-1", email=account.user.email.upper())
    assert response.status_code == 409 and response.json()["error"] == "TENANT_ALREADY_EXISTS"
    assert not Tenant.objects.filter(external_id="new-1").exists()


@pytest.mark.parametrize(("body", "message"), [
    ({}, "Fields 'tenant_id' and 'email' are required."),
    ({"email": "a@b.example"}, "Field 'tenant_id' is required."),
    ({"tenant_id": "t-1", "email": "  "}, "Field 'email' is required."),
])
def test_missing_fields_are_422_naming_them(service, body, message):
    response = service.post("/api/v1/billing/sync-tenant", body, format="json")
    assert response.status_code == 422
    assert (response.json()["error"], response.json()["message"]) == ("VALIDATION_ERROR", message)


@pytest.mark.parametrize(("body", "field"), [
    ({"tenant_id": "t-1", "email": "not-an-email"}, "email"),
    ({"tenant_id": "has spaces", "email": "a@b.example"}, "tenant_id"),
    ({"tenant_id": "t-1", "email": "a@b.example", "plan": "gold"}, "plan"),
    ({"tenant_id": 12345, "email": "a@b.example"}, "tenant_id"),
    ({"tenant_id": "t-1", "email": "a@b.example", "name": 7}, "name"),
])
def test_invalid_fields_are_422_naming_them(service, body, field):
    response = sync(service, **body)
    assert response.status_code == 422 and f"'{field}'" in response.json()["message"]


@pytest.mark.parametrize("token", [None, "", "svc_wrong", TOKEN + "x"])
def test_without_the_service_token_it_is_401(anonymous, settings, fake_stripe, token):
    settings.NAT_SERVICE_TOKEN = TOKEN
    if token is not None:
        anonymous.credentials(HTTP_X_SERVICE_TOKEN=token)
    response = sync(anonymous, tenant_id="t-1", email="a@b.example")
    assert response.status_code == 401 and response.json()["error"] == "UNAUTHORIZED"
    assert not Tenant.objects.filter(external_id="t-1").exists()


def test_an_api_key_is_not_a_service_token(account, settings, fake_stripe):
    settings.NAT_SERVICE_TOKEN = TOKEN
    assert sync(account.client, tenant_id="t-1", email="a@b.example").status_code == 401


@pytest.mark.parametrize("stripe", ["configured", "not configured"])
@pytest.mark.parametrize("token", ["", "svc_anything"])
def test_a_server_without_a_service_token_has_no_such_endpoint(anonymous, request, stripe, token):
    if stripe == "configured":
        request.getfixturevalue("fake_stripe")
    anonymous.credentials(HTTP_X_SERVICE_TOKEN=token)
    response = sync(anonymous, tenant_id="t-1", email="a@b.example")
    body = response.json()
    assert response.status_code == 404
    assert (body["error"], body["status"]) == ("NOT_FOUND", 404)
    assert "NAT_SERVICE_TOKEN" in body["message"]
    assert not Tenant.objects.filter(external_id="t-1").exists()


def test_without_the_service_token_it_is_401_before_stripe_is_looked_at(anonymous, settings):
    settings.NAT_SERVICE_TOKEN = TOKEN
    anonymous.credentials(HTTP_X_SERVICE_TOKEN="svc_wrong")
    response = sync(anonymous, tenant_id="t-1", email="a@b.example")
    assert response.status_code == 401 and response.json()["error"] == "UNAUTHORIZED"


def test_malformed_json_is_400(service):
    response = service.post("/api/v1/billing/sync-tenant", data="{", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == "INVALID_REQUEST"
