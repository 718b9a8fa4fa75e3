"""Top-level routes: the REST API, its docs, and the server-rendered dashboard."""
from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from nat_site.api.errors import api_not_found

urlpatterns = [
    path("api/v1/", include("nat_site.api.urls")),
    path(
        "api/docs",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", authentication_classes=[], permission_classes=[AllowAny],
        ),
        name="api-docs",
    ),
    re_path(r"^api(/.*)?$", api_not_found),
    path("", include("accounts.urls")),
    path("", include("scans.urls")),
    path("", include("billing.urls")),
]

handler400 = "nat_site.api.errors.handler400"
handler403 = "nat_site.api.errors.handler403"
handler404 = "nat_site.api.errors.handler404"
handler500 = "nat_site.api.errors.handler500"
