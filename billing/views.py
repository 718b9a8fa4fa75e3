"""Settings → Billing: the plan, usage bars with the reset date, upgrades through Stripe Checkout and
"Manage subscription" through the Stripe customer portal."""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import tenant_required
from billing.checkout import checkout_start, portal_open
from billing.errors import BillingError, StripeNotConfigured
from billing.models import BillingAccount
from billing.plans import SELLABLE_PLANS, get_plan
from billing.stripe_api import stripe_config
from billing.usage import usage_report
from nat_site.middleware import CONTENT_SECURITY_POLICY

STRIPE_HOSTED_ORIGINS = ("https://checkout.stripe.com", "https://billing.stripe.com")
CHECKOUT_NOTICES = {
    "success": "Payment received. Your plan changes as soon as Stripe confirms it, usually within seconds.",
    "cancelled": "Checkout cancelled: nothing was charged and your plan is unchanged.",
}


def _billing_csp() -> str:
    """The page's forms redirect to Stripe's hosted pages, which `form-action 'self'` would block."""
    origins = list(STRIPE_HOSTED_ORIGINS)
    if settings.STRIPE_API_BASE:
        parts = urlsplit(settings.STRIPE_API_BASE)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", "form-action 'self' " + " ".join(origins))


def _stripe_ready() -> bool:
    try:
        stripe_config()
    except StripeNotConfigured:
        return False
    return True


def _page_url(request: HttpRequest, query: str = "") -> str:
    return request.build_absolute_uri(reverse("billing-settings")) + query


@tenant_required
def billing_settings(request: HttpRequest) -> HttpResponse:
    tenant = request.user.tenant
    notice = CHECKOUT_NOTICES.get(request.GET.get("checkout", ""))
    if notice:
        messages.info(request, notice)
        return redirect("billing-settings")
    current_rank = SELLABLE_PLANS.index(tenant.plan) if tenant.plan in SELLABLE_PLANS else len(SELLABLE_PLANS)
    priced = {name for name, price in settings.STRIPE_PRICE_IDS.items() if price} | {"free"}
    plan_rows = [
        {
            "plan": get_plan(name),
            "action": "current" if rank == current_rank else "upgrade" if rank > current_rank else "downgrade",
            "sold_online": name in priced,
        }
        for rank, name in enumerate(SELLABLE_PLANS)
    ]
    report = usage_report(tenant)
    context = {
        "tenant": tenant,
        "report": report,
        "plan_rows": plan_rows,
        "current_plan": report.plan,
        "stripe_ready": _stripe_ready(),
        "has_customer": BillingAccount.objects.filter(tenant=tenant, stripe_customer_id__isnull=False).exists(),
    }
    response = render(request, "billing/settings.html", context)
    response.headers["Content-Security-Policy"] = _billing_csp()
    return response


def _go(request: HttpRequest, make_url: Callable[[], str]) -> HttpResponse:
    try:
        url = make_url()
    except BillingError as error:
        messages.error(request, error.message)
        return redirect("billing-settings")
    return redirect(url)


@tenant_required
@require_POST
def billing_checkout(request: HttpRequest) -> HttpResponse:
    plan = request.POST.get("plan", "")
    if plan not in SELLABLE_PLANS:
        messages.error(request, "Choose one of the plans below.")
        return redirect("billing-settings")
    return _go(request, lambda: checkout_start(
        tenant=request.user.tenant,
        plan=plan,
        email=request.user.email,
        success_url=_page_url(request, "?checkout=success"),
        cancel_url=_page_url(request, "?checkout=cancelled"),
    ))


@tenant_required
@require_POST
def billing_portal(request: HttpRequest) -> HttpResponse:
    return _go(request, lambda: portal_open(
        tenant=request.user.tenant, email=request.user.email, return_url=_page_url(request),
    ))
