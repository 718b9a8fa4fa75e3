"""NAT's calls to Stripe (stripe-python), each mirrored into dj-stripe's tables.

Configuration comes from settings at call time: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are
required for any billing, a plan's price id for selling it, and STRIPE_API_BASE points stripe-python
at another server (the tests' local fake of Stripe).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import stripe
from django.conf import settings
from django.db import transaction

from accounts.models import Tenant
from billing.errors import StripeNotConfigured, StripeUnavailable
from billing.models import BillingAccount
from billing.plans import PAID_PLANS

DEFAULT_API_BASE = "https://api.stripe.com"
logger = logging.getLogger("nat.billing")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StripeConfig:
    secret_key: str
    webhook_secret: str
    price_ids: dict[str, str]
    """Plan name → Stripe price id, for the plans that have one configured."""


def stripe_config() -> StripeConfig:
    """The Stripe settings, or StripeNotConfigured (503) naming what is missing."""
    missing = [name for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET") if not getattr(settings, name, "")]
    if missing:
        raise StripeNotConfigured(
            f"Billing is not configured on this server. Set {' and '.join(missing)}"
            f"{' (and STRIPE_PRICE_ID_PRO, STRIPE_PRICE_ID_TEAM)' if len(missing) == 2 else ''}."
        )
    stripe.api_base = settings.STRIPE_API_BASE or DEFAULT_API_BASE
    prices = {plan: price for plan, price in getattr(settings, "STRIPE_PRICE_IDS", {}).items() if price}
    return StripeConfig(settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET, prices)


def price_id_for(config: StripeConfig, plan: str) -> str:
    price = config.price_ids.get(plan)
    if not price:
        raise StripeNotConfigured(
            f"The {plan} plan cannot be bought on this server: set STRIPE_PRICE_ID_{plan.upper()}."
        )
    return price


def plan_for_price(config: StripeConfig, price_id: str) -> str | None:
    return next((plan for plan in PAID_PLANS if config.price_ids.get(plan) == price_id), None)


def stripe_call(call: Callable[[], T]) -> T:
    """Run one Stripe request; its failure becomes StripeUnavailable (502) with Stripe's message."""
    try:
        return call()
    except stripe.StripeError as error:
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        raise StripeUnavailable(f"Stripe refused or could not be reached: {message}") from error


def mirror(label: str, sync: Callable[[], object]) -> None:
    """Run a dj-stripe sync that keeps its copy of Stripe's objects in step.

    The mirror is a record NAT does not decide anything from: a failure inside dj-stripe (say, a
    field of a newer API version it cannot map) is logged and rolled back on its own, and the
    purchase or plan change that caused it still goes through.
    """
    try:
        with transaction.atomic():
            sync()
    except Exception:
        logger.exception("dj-stripe could not mirror %s", label)


def _mirror(model_name: str, data: Any, api_key: str) -> None:
    from djstripe import models as djstripe_models

    model = getattr(djstripe_models, model_name)
    mirror(f"{model_name} {data.get('id')}", lambda: model.sync_from_stripe_data(data, api_key=api_key))


@transaction.atomic
def customer_ensure(config: StripeConfig, *, tenant: Tenant, email: str) -> BillingAccount:
    """The tenant's billing account with a Stripe customer, created on first need (row locked, so once)."""
    BillingAccount.objects.get_or_create(tenant=tenant)
    account = BillingAccount.objects.select_for_update().get(tenant=tenant)
    if account.stripe_customer_id:
        return account
    customer = stripe_call(lambda: stripe.Customer.create(
        api_key=config.secret_key, email=email or None, name=tenant.name, metadata={"tenant_id": tenant.pk},
    ))
    _mirror("Customer", customer, config.secret_key)
    account.stripe_customer_id = customer["id"]
    account.save(update_fields=["stripe_customer_id", "updated_at"])
    return account


def checkout_session_create(
    config: StripeConfig, *, account: BillingAccount, plan: str, success_url: str, cancel_url: str
) -> str:
    """A subscription Checkout Session for `plan`; returns the hosted page's URL."""
    metadata = {"tenant_id": account.tenant_id, "plan": plan}
    price = price_id_for(config, plan)
    session = stripe_call(lambda: stripe.checkout.Session.create(
        api_key=config.secret_key,
        mode="subscription",
        customer=account.stripe_customer_id,
        client_reference_id=account.tenant_id,
        line_items=[{"price": price, "quantity": 1}],
        success_url=success_url,
        cancel_url=cancel_url,
        metadata=metadata,
        subscription_data={"metadata": metadata},
        allow_promotion_codes=True,
    ))
    return session["url"]


def portal_session_create(
    config: StripeConfig, *, account: BillingAccount, return_url: str, flow: dict[str, Any] | None = None
) -> str:
    """A customer-portal session (optionally straight into a flow); returns its URL."""
    extra = {"flow_data": flow} if flow else {}
    session = stripe_call(lambda: stripe.billing_portal.Session.create(
        api_key=config.secret_key, customer=account.stripe_customer_id, return_url=return_url, **extra,
    ))
    return session["url"]


def subscription_fetch(config: StripeConfig, subscription_id: str) -> dict[str, Any]:
    """The subscription as Stripe has it now (mirrored to dj-stripe): the truth a webhook acts on."""
    subscription = stripe_call(lambda: stripe.Subscription.retrieve(subscription_id, api_key=config.secret_key))
    _mirror("Subscription", subscription, config.secret_key)
    return subscription.to_dict()
