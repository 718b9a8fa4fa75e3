"""Health needs no key; NAT describes its own API in OpenAPI 3 with interactive docs."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_health_answers_ok_without_a_key(anonymous):
    response = anonymous.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_schema_describes_the_api_and_its_key_header(anonymous):
    response = anonymous.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/health" in schema["paths"]
    assert "/api/v1/keys" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "apiKey", "in": "header", "name": "X-API-Key"} in [
        {k: v for k, v in s.items() if k in {"type", "in", "name"}} for s in schemes.values()
    ]
    assert schema["paths"]["/api/v1/health"]["get"].get("security") in ([], [{}], None)


def test_interactive_docs_are_served_without_external_assets(anonymous):
    response = anonymous.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html.lower()
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
