"""While the shared cache (Redis, or the cache table) cannot be read, API keys are looked up in the
database, and a key revoked meanwhile is not served from this process's memory once it is back."""
from __future__ import annotations

import pytest
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts import key_cache
from accounts.models import ApiKey
from accounts.services import api_key_authenticate

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(monkeypatch):
    def unreachable(*args, **kwargs):
        raise RedisConnectionError("connection refused")

    def outage(down: bool) -> None:
        if down:
            monkeypatch.setattr(key_cache.cache, "get", unreachable)
        else:
            monkeypatch.undo()

    return outage


def test_keys_authenticate_from_the_database_while_the_cache_is_down(account, cache_down):
    cache_down(True)
    key = api_key_authenticate(account.key)
    assert key is not None and key.tenant_id == account.tenant.pk
    assert account.client.get("/api/v1/keys").status_code == 200


def test_a_key_revoked_during_an_outage_is_refused_after_it(account, cache_down):
    assert api_key_authenticate(account.key) is not None  # now cached in this process
    cache_down(True)
    # A revocation whose new generation could not be written: only the database knows.
    ApiKey.objects.filter(tenant=account.tenant).update(revoked_at=timezone.now())
    assert api_key_authenticate(account.key) is None
    cache_down(False)
    assert api_key_authenticate(account.key) is None
