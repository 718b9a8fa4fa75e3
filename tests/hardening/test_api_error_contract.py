"""The API's error contract beyond what fuzzing happens to hit: every operation documents its errors
in the envelope; a POST to an unknown API route is a JSON 404 (not Django's CSRF page); an unreachable
database or task queue is a 503 in the envelope with Retry-After, never a stack trace."""
from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from nat_site.api.error_responses import ERROR_COMPONENT

pytestmark = pytest.mark.django_db


def test_every_operation_documents_its_errors_in_the_envelope(anonymous):
    schema = anonymous.get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"][ERROR_COMPONENT]["required"] == ["error", "message", "status"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            errors = {code: response for code, response in operation["responses"].items() if code >= "400"}
            assert {"500", "503"} <= set(errors), f"{method} {path}"
            if "{" in path:
                assert "404" in errors, f"{method} {path}"
            if operation.get("security") not in (None, [], [{}]):
                assert {"401", "429"} <= set(errors), f"{method} {path}"
            for response in errors.values():
                assert response["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}


@pytest.mark.parametrize("path", ["/api/v1/keys/not-a-number/revoke", "/api/v1/nowhere", "/api/elsewhere"])
def test_a_post_to_an_unknown_api_route_is_a_json_404_not_a_csrf_page(path):
    response = Client(enforce_csrf_checks=True).post(path, {"x": 1})
    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"


@pytest.mark.parametrize("error", [OperationalError("connection to server failed"), RedisConnectionError("Error 111")])
def test_an_unreachable_backing_service_is_a_503_in_the_envelope(account, monkeypatch, error):
    def unreachable(*args, **kwargs):
        raise error

    monkeypatch.setattr("scans.api.views.selectors.scans_of", unreachable)
    response = account.client.get("/api/v1/scans")
    assert response.status_code == 503
    assert response.json() == {
        "error": "SERVICE_UNAVAILABLE", "status": 503,
        "message": "NAT cannot reach its database or task queue right now; retry in a few seconds.",
    }
    assert response["Retry-After"] == "5"
