"""A tenant's plan follows its Stripe subscription: the price says which plan, the status whether it
is paid for (else Free), and the subscription's period becomes the usage period."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from billing.models import BillingAccount
from billing.plans import FREE, PAID_PLANS
from billing.stripe_api import StripeConfig, plan_for_price
from billing.usage import ENTITLED_STATUSES


def _timestamp(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _items(subscription: dict[str, Any]) -> list[dict[str, Any]]:
    return (subscription.get("items") or {}).get("data") or []


def subscription_period_bounds(subscription: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    """The current period: on the subscription in older API versions, on its items since 2025-03."""
    items = _items(subscription)
    source = subscription if subscription.get("current_period_start") else (items[0] if items else {})
    return _timestamp(source.get("current_period_start")), _timestamp(source.get("current_period_end"))


def subscription_plan(config: StripeConfig, subscription: dict[str, Any]) -> str:
    """The plan a subscription pays for: by its price id, else by the plan NAT put in its metadata."""
    if subscription.get("status") not in ENTITLED_STATUSES:
        return FREE
    for item in _items(subscription):
        price = item.get("price") or {}
        plan = plan_for_price(config, price.get("id") if isinstance(price, dict) else price)
        if plan:
            return plan
    named = (subscription.get("metadata") or {}).get("plan")
    return named if named in PAID_PLANS else FREE


def subscription_apply(config: StripeConfig, *, account: BillingAccount, subscription: dict[str, Any]) -> str | None:
    """Move the tenant to what `subscription` (Stripe's current state) entitles it to; the plan applied.

    `account` must be locked by the caller. The end of an older subscription does not downgrade a
    tenant whose current subscription is still paid for (None is returned then).
    """
    status = subscription.get("status", "")
    if (
        account.stripe_subscription_id
        and account.stripe_subscription_id != subscription["id"]
        and status not in ENTITLED_STATUSES
        and account.subscription_status in ENTITLED_STATUSES
    ):
        return None
    plan = subscription_plan(config, subscription)
    start, end = subscription_period_bounds(subscription)
    customer = subscription.get("customer")
    account.stripe_subscription_id = subscription["id"]
    account.subscription_status = status
    account.current_period_start, account.current_period_end = start, end
    if isinstance(customer, str) and not account.stripe_customer_id:
        account.stripe_customer_id = customer
    account.save()
    tenant = account.tenant
    if tenant.plan != plan:
        tenant.plan = plan
        tenant.save(update_fields=["plan"])
    return plan
