"""Dashboard routes for scans."""
from __future__ import annotations

from django.urls import path

from scans import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("findings/", views.finding_list, name="findings"),
    path("scans/", views.scan_list, name="scans"),
    path("scans/new/", views.scan_new, name="scan-new"),
    path("scans/<str:scan_id>/", views.scan_detail, name="scan-detail"),
    path("scans/<str:scan_id>/status.json", views.scan_status_json, name="scan-status-json"),
    path("scans/<str:scan_id>/cancel/", views.scan_cancel, name="scan-cancel"),
    path("scans/<str:scan_id>/export/<str:format_name>/", views.scan_export, name="scan-export"),
    path("scans/<str:scan_id>/images/<str:name>", views.scan_image, name="scan-image"),
    path("findings/<str:finding_id>/dismiss/", views.finding_dismiss, name="finding-dismiss"),
]
