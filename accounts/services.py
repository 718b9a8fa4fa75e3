"""Writes for accounts: sign-up, tenant provisioning and the API key lifecycle."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.key_cache import cached_key, current_generation, invalidate_keys, remember_key
from accounts.keys import display_prefix, generate_key, key_digest, looks_like_key
from accounts.models import ApiKey, Tenant, User

LAST_USED_RESOLUTION = timedelta(minutes=1)
"""`last_used_at` is written at most this often per key, so reads don't each cost a write."""


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A freshly created key: `plaintext` exists only here and is shown to its owner once."""

    key: ApiKey
    plaintext: str


@transaction.atomic
def tenant_signup(*, email: str, password: str | None, organisation: str = "") -> User:
    """Create a tenant and its first user (no card, Free plan in SaaS mode)."""
    email = User.objects.normalize_email(email).lower()
    tenant = Tenant.objects.create(name=organisation.strip() or email.split("@", 1)[0])
    return User.objects.create_user(email=email, password=password, tenant=tenant)


@transaction.atomic
def user_ensure(*, email: str, plan: str | None = None) -> tuple[User, bool]:
    """The user with `email`, created with its own tenant when missing; `plan` is applied if given."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.select_related("tenant").filter(email=email).first()
    created = user is None
    if user is None:
        user = tenant_signup(email=email, password=None)
    if plan and user.tenant.plan != plan:
        user.tenant.plan = plan
        user.tenant.save(update_fields=["plan"])
    return user, created


def api_key_create(*, tenant: Tenant, name: str, created_by: User | None = None) -> IssuedKey:
    plaintext = generate_key()
    key = ApiKey.objects.create(
        tenant=tenant,
        name=name.strip() or "Default",
        prefix=display_prefix(plaintext),
        digest=key_digest(plaintext),
        created_by=created_by,
    )
    return IssuedKey(key=key, plaintext=plaintext)


def api_key_revoke(*, key: ApiKey) -> None:
    """Revoke at once, in every process; revoking twice keeps the first revocation time."""
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    invalidate_keys()


@transaction.atomic
def api_key_rotate(*, key: ApiKey, by: User | None = None) -> IssuedKey:
    """Issue a replacement with the same name; the old key stops working in the same transaction."""
    locked = ApiKey.objects.select_for_update().get(pk=key.pk)
    if locked.revoked_at is not None:
        raise ValueError("A revoked key cannot be rotated")
    issued = api_key_create(tenant=locked.tenant, name=locked.name, created_by=by)
    locked.revoked_at = timezone.now()
    locked.replaced_by = issued.key
    locked.save(update_fields=["revoked_at", "replaced_by"])
    return issued


def api_key_authenticate(raw_key: str) -> ApiKey | None:
    """The active key matching `raw_key`, with its tenant; records when it was last used. Served from
    this process's cache while no key or tenant has changed anywhere (accounts/key_cache.py)."""
    if not looks_like_key(raw_key):
        return None
    digest = key_digest(raw_key)
    generation = current_generation()
    key = cached_key(digest, generation)
    fetched = key is None
    if key is None:
        key = ApiKey.objects.select_related("tenant").filter(digest=digest, revoked_at__isnull=True).first()
        if key is None:
            return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at, fetched = now, True
    if fetched and generation is not None:
        remember_key(key, generation)
    return key
