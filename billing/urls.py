"""Dashboard routes for billing: Settings → Billing and the buttons that go to Stripe."""
from __future__ import annotations

from django.urls import path

from billing import views

urlpatterns = [
    path("settings/billing/", views.billing_settings, name="billing-settings"),
    path("settings/billing/checkout/", views.billing_checkout, name="billing-checkout"),
    path("settings/billing/portal/", views.billing_portal, name="billing-portal"),
]
