"""Settings → API Keys: create (shown once), list, rotate and revoke; scoped to the user's tenant."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import ApiKey
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(account) -> Client:
    client = Client()
    assert client.login(username=account.user.email, password=PASSWORD)
    return client


def works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=key)
    return client.get("/api/v1/keys").status_code == 200


def test_created_key_is_shown_once_and_works(account):
    client = logged_in(account)
    response = client.post("/settings/api-keys/", {"name": "CI pipeline"})
    assert response.status_code == 201
    key = re.search(r"nat_pk_[A-Za-z0-9_-]+", response.content.decode().split('data-testid="new-key">')[1]).group(0)
    assert works(key)
    listing = client.get("/settings/api-keys/").content.decode()
    assert "CI pipeline" in listing and key not in listing and key[:13] in listing


def test_revoke_from_the_page(account):
    client = logged_in(account)
    key = ApiKey.objects.get(tenant=account.tenant)
    assert client.post(f"/settings/api-keys/{key.pk}/revoke/").status_code == 302
    assert not works(account.key)


def test_rotate_from_the_page_shows_the_new_key(account):
    client = logged_in(account)
    key = ApiKey.objects.get(tenant=account.tenant)
    page = client.post(f"/settings/api-keys/{key.pk}/rotate/").content.decode()
    new_key = re.search(r'data-testid="new-key">(nat_pk_[A-Za-z0-9_-]+)<', page).group(1)
    assert not works(account.key) and works(new_key)


def test_a_tenant_cannot_see_or_revoke_another_tenants_keys(account, other_account):
    victim_key = ApiKey.objects.get(tenant=account.tenant)
    attacker = logged_in(other_account)
    assert victim_key.prefix not in attacker.get("/settings/api-keys/").content.decode()
    assert attacker.post(f"/settings/api-keys/{victim_key.pk}/revoke/").status_code == 404
    assert attacker.post(f"/settings/api-keys/{victim_key.pk}/rotate/").status_code == 404
    api_listing = other_account.client.get("/api/v1/keys").json()
    assert victim_key.pk not in [k["id"] for k in api_listing]
    assert other_account.client.post(f"/api/v1/keys/{victim_key.pk}/revoke").status_code == 404
    assert other_account.client.post(f"/api/v1/keys/{victim_key.pk}/rotate").status_code == 404
    assert works(account.key)


def test_pages_need_login():
    for path in ("/dashboard/", "/settings/api-keys/", "/settings/billing/"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_revoke_needs_post(account):
    key = ApiKey.objects.get(tenant=account.tenant)
    assert logged_in(account).get(f"/settings/api-keys/{key.pk}/revoke/").status_code == 405
    assert works(account.key)
