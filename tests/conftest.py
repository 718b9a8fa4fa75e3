"""Fixtures shared by every test package: tenants, users, API keys and API clients."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Tenant, User
from accounts.services import api_key_create, tenant_signup

pytest_plugins = ["tests.targets.fixtures"]

PASSWORD = "correct horse battery staple"


@dataclass
class Account:
    """A tenant with one user and one active API key."""

    tenant: Tenant
    user: User
    key: str
    client: APIClient


@pytest.fixture
def make_account(db: None) -> Callable[..., Account]:
    def make(email: str = "alice@example.com", organisation: str = "Acme") -> Account:
        user = tenant_signup(email=email, password=PASSWORD, organisation=organisation)
        issued = api_key_create(tenant=user.tenant, name="test", created_by=user)
        client = APIClient()
        client.credentials(HTTP_X_API_KEY=issued.plaintext)
        return Account(tenant=user.tenant, user=user, key=issued.plaintext, client=client)

    return make


@pytest.fixture
def account(make_account: Callable[..., Account]) -> Account:
    return make_account()


@pytest.fixture
def other_account(make_account: Callable[..., Account]) -> Account:
    return make_account(email="mallory@example.org", organisation="Other Corp")


@pytest.fixture
def dashboard(account: Account) -> Client:
    """The account's user logged in to the dashboard, past the first request (which may refresh the session)."""
    client = Client()
    client.force_login(account.user)
    client.get("/scans/")
    return client


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    """Static files from the source folders (production serves the hashed manifest); fast hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
