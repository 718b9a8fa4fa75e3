"""API requests authenticate with X-API-Key only; revoked and rotated keys stop at once."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey
from accounts.services import api_key_revoke, api_key_rotate

pytestmark = pytest.mark.django_db


def test_a_valid_key_authenticates_and_records_last_use(account):
    response = account.client.get("/api/v1/keys")
    assert response.status_code == 200
    assert [key["name"] for key in response.json()] == ["test"]
    assert ApiKey.objects.get(tenant=account.tenant).last_used_at is not None


def test_missing_key_is_401_unauthorized(anonymous):
    response = anonymous.get("/api/v1/keys")
    assert response.status_code == 401
    assert response.json()["error"] == "UNAUTHORIZED"
    assert "X-API-Key" in response["WWW-Authenticate"]


def test_bearer_instead_of_x_api_key_gets_a_hint(account):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {account.key}")
    body = client.get("/api/v1/keys").json()
    assert body["status"] == 401 and body["error"] == "UNAUTHORIZED"
    assert "X-API-Key" in body["message"] and "Bearer" in body["message"]


@pytest.mark.parametrize("bad", ["nat_pk_" + "A" * 43, "not-a-key", "nat_pk_short"])
def test_unknown_key_is_401_invalid_api_key(bad):
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=bad)
    body = client.get("/api/v1/keys").json()
    assert (body["status"], body["error"]) == (401, "INVALID_API_KEY")


def test_revoked_key_is_rejected_at_once(account):
    assert account.client.get("/api/v1/keys").status_code == 200
    api_key_revoke(key=ApiKey.objects.get(tenant=account.tenant))
    body = account.client.get("/api/v1/keys").json()
    assert (body["status"], body["error"]) == (401, "INVALID_API_KEY")


def test_rotated_key_is_rejected_at_once_and_the_new_one_works(account):
    old = ApiKey.objects.get(tenant=account.tenant)
    issued = api_key_rotate(key=old)
    assert account.client.get("/api/v1/keys").json()["error"] == "INVALID_API_KEY"
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=issued.plaintext)
    listed = client.get("/api/v1/keys").json()
    assert {(k["name"], k["active"]) for k in listed} == {("test", False), ("test", True)}
    old.refresh_from_db()
    assert old.replaced_by_id == issued.key.pk


def test_key_rotation_through_the_api(account):
    key_id = account.client.get("/api/v1/keys").json()[0]["id"]
    response = account.client.post(f"/api/v1/keys/{key_id}/rotate")
    assert response.status_code == 201
    new_key = response.json()["key"]
    assert account.client.get("/api/v1/keys").status_code == 401
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=new_key)
    assert client.get("/api/v1/keys").status_code == 200


def test_key_revocation_through_the_api(account):
    created = account.client.post("/api/v1/keys", {"name": "ci"}, format="json").json()
    assert created["key"].startswith("nat_pk_")
    revoked = account.client.post(f"/api/v1/keys/{created['id']}/revoke").json()
    assert revoked["active"] is False and revoked["revoked_at"]
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=created["key"])
    assert client.get("/api/v1/keys").json()["error"] == "INVALID_API_KEY"
