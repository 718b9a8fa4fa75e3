"""Where "change my plan" and "manage my subscription" send the customer: a Stripe-hosted page.

A tenant without a paid subscription gets a Checkout Session for the plan. A tenant that already
pays is sent to the customer portal instead, straight into confirming the new price (or the
cancellation, when it asks for Free), so a second subscription is never started beside the first.
"""
from __future__ import annotations

from accounts.models import Tenant
from billing.errors import PlanAlreadyActive
from billing.models import BillingAccount
from billing.plans import FREE, get_plan
from billing.stripe_api import (
    checkout_session_create,
    customer_ensure,
    portal_session_create,
    price_id_for,
    stripe_config,
    subscription_fetch,
)
from billing.usage import ENTITLED_STATUSES

PORTAL_ENDPOINT = "/api/v1/billing/portal"


def _paid_subscription(tenant: Tenant) -> str | None:
    account = BillingAccount.objects.filter(tenant=tenant).first()
    if account and account.stripe_subscription_id and account.subscription_status in ENTITLED_STATUSES:
        return account.stripe_subscription_id
    return None


def checkout_start(*, tenant: Tenant, plan: str, email: str, success_url: str, cancel_url: str) -> str:
    """The URL of the Stripe page where the customer moves to `plan`."""
    config = stripe_config()
    if plan == tenant.plan:
        raise PlanAlreadyActive(
            f"The {get_plan(plan).label} plan is already active. Manage or cancel it in the billing portal "
            f"(POST {PORTAL_ENDPOINT}).",
            plan=plan,
            portal=PORTAL_ENDPOINT,
        )
    if plan != FREE:
        price_id_for(config, plan)
    subscription_id = _paid_subscription(tenant)
    account = customer_ensure(config, tenant=tenant, email=email)
    if subscription_id is None:
        if plan == FREE:
            return portal_session_create(config, account=account, return_url=cancel_url)
        return checkout_session_create(
            config, account=account, plan=plan, success_url=success_url, cancel_url=cancel_url,
        )
    if plan == FREE:
        flow = {
            "type": "subscription_cancel",
            "subscription_cancel": {"subscription": subscription_id},
            "after_completion": {"type": "redirect", "redirect": {"return_url": success_url}},
        }
    else:
        item = subscription_fetch(config, subscription_id)["items"]["data"][0]
        flow = {
            "type": "subscription_update_confirm",
            "subscription_update_confirm": {
                "subscription": subscription_id,
                "items": [{"id": item["id"], "price": price_id_for(config, plan), "quantity": 1}],
            },
            "after_completion": {"type": "redirect", "redirect": {"return_url": success_url}},
        }
    return portal_session_create(config, account=account, return_url=cancel_url, flow=flow)


def portal_open(*, tenant: Tenant, email: str, return_url: str) -> str:
    """The URL of the tenant's Stripe customer portal (invoices, payment method, plan, cancellation)."""
    config = stripe_config()
    account = customer_ensure(config, tenant=tenant, email=email)
    return portal_session_create(config, account=account, return_url=return_url)
