"""A per-process cache of authenticated API keys, checked against a shared generation on every request.

Looking a key up costs a query compiled by the ORM on every API request. Here each web process keeps
the keys it has resolved (their field values and their tenant's, by digest), but uses one only while
the shared cache's *key generation* is still the one read before that key was fetched from the
database. Any change to a key or a tenant (revoke, rotate, delete, a new plan) writes a fresh random
generation, so every process drops what it holds on its next request: a revoked key is refused on the
very next request, in whichever process it lands. The check is one read of the shared cache (a GET on
Redis; one indexed row of the cache table otherwise).

Why a fresh random value and not an increment: the database cache increments by read-then-write, so
two changes at once could write the same number and one of them would go unseen; two random values
never collide with an earlier one. The generation is written inside the changing transaction (on the
database cache it commits with the change) and again once it has committed (so a process that read
the old row between the two cannot keep it), and a missing generation (expired, culled, flushed) is
replaced by a fresh one, which again drops every cached key.
"""
from __future__ import annotations

import secrets
import threading
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from redis.exceptions import RedisError

from accounts.models import ApiKey, Tenant

GENERATION_KEY = "nat:apikeys:generation"
MAX_KEYS = 1024
"""Keys one process remembers; past that it starts again (a bound, not an LRU: keys are few)."""
KEY_FIELDS = tuple(field.attname for field in ApiKey._meta.concrete_fields)
TENANT_FIELDS = tuple(field.attname for field in Tenant._meta.concrete_fields)

_cached: dict[str, tuple[str, tuple[Any, ...], tuple[Any, ...]]] = {}
"""digest → (generation it was read under, the key's field values, its tenant's field values)."""
_lock = threading.Lock()


def current_generation() -> str | None:
    """The shared generation; a fresh one when the cache has none. None while the shared cache cannot
    be read: keys are then looked up in the database, and this process forgets every key it holds,
    since a key revoked meanwhile wrote no generation it could see."""
    try:
        generation = cache.get(GENERATION_KEY)
        return str(generation) if generation is not None else _new_generation()
    except (RedisError, DatabaseError):
        with _lock:
            _cached.clear()
        return None


def invalidate_keys() -> None:
    """Drop every process's cached keys: now, and again when the current transaction commits."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _on_change(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:
        invalidate_keys()


def connect_signals() -> None:
    """Any saved or deleted key or tenant drops the cached keys (a new one was cached nowhere)."""
    for model in (ApiKey, Tenant):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"key-cache-save-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"key-cache-delete-{model.__name__}")


def _new_generation() -> str:
    generation = secrets.token_hex(8)
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def cached_key(digest: str, generation: str | None) -> ApiKey | None:
    """A fresh ApiKey (with its tenant) built from the cache, when it was stored under `generation`."""
    entry = _cached.get(digest) if generation is not None else None
    if entry is None or entry[0] != generation:
        return None
    key = ApiKey.from_db(DEFAULT_DB_ALIAS, KEY_FIELDS, entry[1])
    key.tenant = Tenant.from_db(DEFAULT_DB_ALIAS, TENANT_FIELDS, entry[2])
    return key


def remember_key(key: ApiKey, generation: str) -> None:
    """Keep an active key (tenant loaded) under the generation read before it was fetched."""
    values = tuple(getattr(key, name) for name in KEY_FIELDS)
    tenant = tuple(getattr(key.tenant, name) for name in TENANT_FIELDS)
    with _lock:
        if len(_cached) >= MAX_KEYS:
            _cached.clear()
        _cached[key.digest] = (generation, values, tenant)
