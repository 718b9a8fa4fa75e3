"""Routes under /api/v1. The last route answers every unknown path with the 404 envelope."""
from __future__ import annotations

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny

from accounts import api as accounts_api
from billing import api as billing_api
from nat_site.api.errors import api_not_found
from nat_site.api.health import health
from scans.api import functional as scan_functional
from scans.api import reports as scan_reports
from scans.api import views as scan_views

urlpatterns = [
    path("health", health, name="api-health"),
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="api-schema",
    ),
    path("keys", accounts_api.keys, name="api-v1-keys"),
    path("keys/<int:key_id>/revoke", accounts_api.key_revoke, name="api-v1-key-revoke"),
    path("keys/<int:key_id>/rotate", accounts_api.key_rotate, name="api-v1-key-rotate"),
    path("scan", scan_views.scan_create, name="api-scan-create"),
    path("security-scan", scan_views.security_scan_create, name="api-security-scan-create"),
    path("scans", scan_views.scan_list, name="api-scan-list"),
    path("scan/<str:scan_id>", scan_views.scan_detail, name="api-scan-detail"),
    path("scan/<str:scan_id>/cancel", scan_views.scan_cancel, name="api-scan-cancel"),
    path("scan/<str:scan_id>/results", scan_views.scan_results, name="api-scan-results"),
    path("scan/<str:scan_id>/export", scan_reports.scan_export, name="api-scan-export"),
    path("scan/<str:scan_id>/functional-results", scan_functional.functional_results, name="api-functional-results"),
    path("scan/<str:scan_id>/visual-regression", scan_functional.visual_regression, name="api-visual-regression"),
    path("scan/<str:scan_id>/accessibility", scan_functional.accessibility, name="api-accessibility"),
    path("scan/<str:scan_id>/performance", scan_functional.performance, name="api-performance"),
    path("scan/<str:scan_id>/images/<str:name>", scan_functional.scan_image, name="api-scan-image"),
    path("findings/<str:finding_id>/dismiss", scan_reports.finding_dismiss, name="api-finding-dismiss"),
    path("usage", billing_api.usage, name="api-usage"),
    path("usage/alerts", billing_api.usage_alerts, name="api-usage-alerts"),
    path("billing/checkout", billing_api.billing_checkout, name="api-billing-checkout"),
    path("billing/portal", billing_api.billing_portal, name="api-billing-portal"),
    path("billing/webhook", billing_api.billing_webhook, name="api-billing-webhook"),
    path("billing/sync-tenant", billing_api.billing_sync_tenant, name="api-billing-sync-tenant"),
    re_path(r"^.*$", api_not_found),
]
