"""Every API error is the SPEC envelope {"error", "message", "status"}, whatever raised it."""
from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == code
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in response.content.decode()
    return body


def test_malformed_json_is_400_invalid_request(account):
    response = account.client.post("/api/v1/keys", data='{"name": ', content_type="application/json")
    assert_envelope(response, 400, "INVALID_REQUEST")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/keys/999999/revoke/extra", "/api/v1"])
def test_unknown_route_is_404_not_found(account, path):
    assert_envelope(account.client.get(path), 404, "NOT_FOUND")
    assert_envelope(account.client.post(path, {}, format="json"), 404, "NOT_FOUND")


def test_unknown_object_is_404_not_found(account):
    assert_envelope(account.client.post("/api/v1/keys/999999/revoke"), 404, "NOT_FOUND")


def test_wrong_method_is_405(account):
    body = assert_envelope(account.client.delete("/api/v1/keys"), 405, "METHOD_NOT_ALLOWED")
    assert "DELETE" in body["message"]
    assert_envelope(Client().post("/api/v1/health"), 405, "METHOD_NOT_ALLOWED")


def test_validation_error_is_422_naming_the_field(account):
    body = assert_envelope(account.client.post("/api/v1/keys", {"name": "x" * 81}, format="json"), 422, "VALIDATION_ERROR")
    assert "'name'" in body["message"]
    assert "name" in body["fields"]


def test_non_json_body_is_415(account):
    response = account.client.post("/api/v1/keys", data="name=x", content_type="application/x-www-form-urlencoded")
    assert_envelope(response, 415, "UNSUPPORTED_MEDIA_TYPE")


@pytest.mark.urls("tests.api.failing_urls")
def test_unexpected_exception_is_500_without_stack_trace(account, caplog):
    client = account.client
    client.raise_request_exception = False
    body = assert_envelope(client.get("/api/v1/boom"), 500, "INTERNAL_ERROR")
    assert "secret-internal-detail" not in body["message"]
    assert any("secret-internal-detail" in (r.exc_text or "") or r.exc_info for r in caplog.records), "error is logged"


@pytest.mark.urls("tests.api.failing_urls")
def test_exception_outside_drf_is_500_envelope_too(account):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/plain-boom")
    assert_envelope(response, 500, "INTERNAL_ERROR")
