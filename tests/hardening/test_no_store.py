"""API answers and dashboard pages carry a tenant's data: no browser or shared cache may keep them."""
from __future__ import annotations

import pytest
from django.test import Client

from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db


def test_api_answers_and_dashboard_pages_are_never_cached(account):
    scan = make_scan(account.tenant)
    for response in (account.client.get(f"/api/v1/scan/{scan.pk}"), account.client.get("/api/v1/scan/nope"),
                     account.client.post("/api/v1/keys", {"name": "ci"}, format="json"), Client().get("/api/v1/health")):
        assert response["Cache-Control"] == "no-store", response.request["PATH_INFO"]
    session = Client()
    session.force_login(account.user)
    for path in ("/scans/", f"/scans/{scan.pk}/", "/settings/api-keys/", "/login/"):
        assert "no-store" in session.get(path)["Cache-Control"], path
