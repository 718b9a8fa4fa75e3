"""A valid request is stored, its credentials sealed, and queued for a worker once committed."""
from __future__ import annotations

import re

import pytest
from django.db import connection
from django_q.models import OrmQ

from scans.credentials import unseal
from scans.models import Scan

pytestmark = pytest.mark.django_db


def test_202_with_scan_id_status_and_created_at(account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = account.client.post("/api/v1/scan", {"url": "http://127.0.0.1:8000"}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"scan_id", "status", "created_at"}
    assert re.fullmatch(r"scan_[a-z0-9]{16}", body["scan_id"])
    assert body["status"] == "queued"
    scan = Scan.objects.get(pk=body["scan_id"])
    assert (scan.tenant, scan.mode, scan.api_type, scan.target_key) == (account.tenant, "security", "rest", "http://127.0.0.1:8000")
    assert scan.enqueued_at is not None
    assert OrmQ.objects.count() == 1


def test_security_scan_endpoint_forces_security_mode(account):
    response = account.client.post("/api/v1/security-scan", {"url": "http://127.0.0.1:8000", "mode": "full"}, format="json")
    assert response.status_code == 202
    assert Scan.objects.get(pk=response.json()["scan_id"]).mode == "security"


def test_credentials_are_encrypted_at_rest_and_never_shown(account):
    secrets = ("tok-primary-8f2c", "pw-secondary-77aa")
    response = account.client.post("/api/v1/scan", {
        "url": "http://127.0.0.1:8000",
        "auth": {"type": "bearer", "token": secrets[0]},
        "auth_secondary": {"type": "basic", "username": "bob", "password": secrets[1]},
    }, format="json")
    scan_id = response.json()["scan_id"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM scans_scan")
        row_text = " ".join(str(value) for value in cursor.fetchone())
    assert not any(secret in row_text for secret in secrets)
    assert unseal(Scan.objects.get(pk=scan_id).credentials)["auth"]["token"] == secrets[0]
    for path in (f"/api/v1/scan/{scan_id}", f"/api/v1/scan/{scan_id}/results", "/api/v1/scans",
                 f"/api/v1/scan/{scan_id}/export?format=json"):
        body = account.client.get(path).content.decode()
        assert not any(secret in body for secret in secrets), path
