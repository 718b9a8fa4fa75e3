"""Stripe webhooks: verify the signature, handle each event id once, and move the tenant's plan.

Events can arrive twice and in any order. NAT never trusts the snapshot inside an event: with the
tenant's billing row locked it fetches the subscription as Stripe has it now and applies that, so
whichever event comes last, the plan ends up matching Stripe. Every event is also handed to dj-stripe,
which stores it and mirrors the objects it names.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import stripe
from django.db import transaction

from accounts.models import Tenant
from billing.errors import BillingValidationError, InvalidWebhookSignature
from billing.models import BillingAccount, WebhookReceipt
from billing.provisioning import checkout_key_issue
from billing.stripe_api import StripeConfig, mirror, subscription_fetch
from billing.subscriptions import subscription_apply

logger = logging.getLogger("nat.billing")

SIGNATURE_TOLERANCE_SECONDS = 300
"""Stripe's default: a signed payload older than this is refused, so a captured one cannot be replayed later."""
CHECKOUT_PAID = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
PAID_STATUSES = {"paid", "no_payment_required"}


@dataclass(frozen=True, slots=True)
class WebhookOutcome:
    event_id: str
    duplicate: bool
    """The event id was handled before; nothing was applied again."""
    plan: str | None
    """The plan the event left the tenant on, when it concerned a subscription."""


def webhook_event(config: StripeConfig, *, payload: bytes, signature: str) -> dict[str, Any]:
    """The event in a webhook request, once its Stripe-Signature verifies against STRIPE_WEBHOOK_SECRET."""
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8", errors="replace"), signature, config.webhook_secret, SIGNATURE_TOLERANCE_SECONDS,
        )
    except stripe.SignatureVerificationError as error:
        reason = error.user_message or error
        raise InvalidWebhookSignature(f"Webhook signature verification failed: {reason}.") from None
    try:
        event = json.loads(payload)
    except ValueError:
        raise BillingValidationError("The webhook body is not JSON.") from None
    if not isinstance(event, dict) or not all(key in event for key in ("id", "type", "created", "data")):
        raise BillingValidationError("The webhook body is not a Stripe event: id, type, created and data are required.")
    return event


def _ref(value: Any) -> str | None:
    """An object reference: Stripe sends an id, or the object itself when expanded."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


def _subscription_id(event_type: str, obj: dict[str, Any]) -> str | None:
    if event_type.startswith("customer.subscription."):
        return obj.get("id")
    if event_type.startswith("invoice."):
        details = ((obj.get("parent") or {}).get("subscription_details") or {})
        return _ref(obj.get("subscription")) or _ref(details.get("subscription"))
    return _ref(obj.get("subscription"))


def _tenant_hint(obj: dict[str, Any]) -> str | None:
    details = ((obj.get("parent") or {}).get("subscription_details") or {})
    for metadata in (obj.get("metadata"), details.get("metadata")):
        if isinstance(metadata, dict) and metadata.get("tenant_id"):
            return metadata["tenant_id"]
    return obj.get("client_reference_id")


def _locked_account(obj: dict[str, Any]) -> BillingAccount | None:
    """The billing row of the tenant the object belongs to, locked: by Stripe customer, else by the
    tenant id NAT put in the metadata of the objects it creates."""
    customer = _ref(obj.get("customer"))
    if customer:
        account = BillingAccount.objects.select_for_update().select_related("tenant").filter(
            stripe_customer_id=customer
        ).first()
        if account is not None:
            return account
    tenant_id = _tenant_hint(obj)
    if not tenant_id or not Tenant.objects.filter(pk=tenant_id).exists():
        return None
    BillingAccount.objects.get_or_create(tenant_id=tenant_id)
    account = BillingAccount.objects.select_for_update().select_related("tenant").get(tenant_id=tenant_id)
    if customer and not account.stripe_customer_id:
        account.stripe_customer_id = customer
        account.save(update_fields=["stripe_customer_id", "updated_at"])
    return account


def _mirror_event(config: StripeConfig, event: dict[str, Any]) -> None:
    """Store the event and sync the objects it names in dj-stripe's tables (best effort, see `mirror`)."""
    from djstripe.models import Event

    mirror(f"event {event['id']} ({event['type']})", lambda: Event.process(event, api_key=config.secret_key))


def _recipient(obj: dict[str, Any]) -> str | None:
    details = obj.get("customer_details") or {}
    return details.get("email") or obj.get("customer_email")


@transaction.atomic
def webhook_handle(config: StripeConfig, event: dict[str, Any]) -> WebhookOutcome:
    """Apply a verified event once: a second delivery of the same id is recorded as a duplicate."""
    obj = (event.get("data") or {}).get("object") or {}
    receipt, created = WebhookReceipt.objects.get_or_create(
        event_id=event["id"], defaults={"event_type": event["type"], "event_created": int(event["created"])},
    )
    if not created:
        return WebhookOutcome(event_id=event["id"], duplicate=True, plan=None)
    account = _locked_account(obj)
    _mirror_event(config, event)
    if account is None:
        logger.info("Stripe event %s (%s) names no NAT tenant; nothing to apply", event["id"], event["type"])
        return WebhookOutcome(event_id=event["id"], duplicate=False, plan=None)
    receipt.tenant_id = account.tenant_id
    receipt.save(update_fields=["tenant"])

    plan = None
    subscription_id = _subscription_id(event["type"], obj)
    checkout_paid = event["type"] in CHECKOUT_PAID and obj.get("payment_status") in PAID_STATUSES
    if event["type"].startswith("checkout.session.") and not checkout_paid:
        subscription_id = None
    if subscription_id:
        plan = subscription_apply(config, account=account, subscription=subscription_fetch(config, subscription_id))
    if checkout_paid:
        checkout_key_issue(account=account, recipient=_recipient(obj))
    return WebhookOutcome(event_id=event["id"], duplicate=False, plan=plan)
