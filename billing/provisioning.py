"""Tenants made by billing: sync-tenant provisioning, and the API key e-mailed after a first checkout."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Tenant, User
from accounts.services import api_key_create, tenant_signup
from billing.errors import TenantAlreadyExists
from billing.models import BillingAccount
from billing.notifications import api_key_email, tenant_recipients
from billing.plans import FREE, get_plan

logger = logging.getLogger("nat.billing")


@dataclass(frozen=True, slots=True)
class ProvisionedTenant:
    """A new tenant, its first user and its first API key (`api_key` is the only copy of the key)."""

    tenant: Tenant
    user: User
    api_key: str


def tenant_provision(*, external_id: str, email: str, name: str = "", plan: str = FREE) -> ProvisionedTenant:
    """Create the tenant known to the provisioning service as `external_id`, with a user and a key.

    TenantAlreadyExists when that id or that e-mail address is already provisioned (checked again by
    the unique constraints, so two concurrent calls cannot both succeed).
    """
    email = User.objects.normalize_email(email).lower()
    if Tenant.objects.filter(external_id=external_id).exists():
        raise TenantAlreadyExists(f"A tenant with ID {external_id} is already registered.", tenant_id=external_id)
    if User.objects.filter(email=email).exists():
        raise TenantAlreadyExists(f"A user with e-mail {email} already belongs to a tenant.", email=email)
    try:
        with transaction.atomic():
            user = tenant_signup(email=email, password=None, organisation=name)
            tenant = user.tenant
            tenant.external_id = external_id
            tenant.plan = plan
            tenant.save(update_fields=["external_id", "plan"])
            issued = api_key_create(tenant=tenant, name="Provisioned key", created_by=user)
    except IntegrityError:
        raise TenantAlreadyExists(
            f"A tenant with ID {external_id} is already registered.", tenant_id=external_id,
        ) from None
    return ProvisionedTenant(tenant=tenant, user=user, api_key=issued.plaintext)


def checkout_key_issue(*, account: BillingAccount, recipient: str | None) -> bool:
    """After the tenant's first successful checkout, issue a new API key and e-mail it (once ever).

    Stored keys are hashes, so the key sent is a new one; the e-mail leaves after the transaction
    commits, so a rolled-back webhook never mails a key that does not exist. `account` must be locked.
    """
    if account.api_key_emailed_at is not None:
        return False
    tenant = account.tenant
    recipient = recipient or next(iter(tenant_recipients(tenant)), None)
    if not recipient:
        logger.warning("tenant %s completed checkout but has no e-mail address to send its API key to", tenant.pk)
        return False
    issued = api_key_create(tenant=tenant, name="Issued at checkout")
    account.api_key_emailed_at = timezone.now()
    account.save(update_fields=["api_key_emailed_at", "updated_at"])
    plan_label = get_plan(tenant.plan).label
    transaction.on_commit(
        lambda: api_key_email(tenant=tenant, recipient=recipient, plaintext_key=issued.plaintext, plan_label=plan_label)
    )
    return True
