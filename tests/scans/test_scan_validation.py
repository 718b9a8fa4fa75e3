"""POST /scan validates every field of the SPEC and answers 422 VALIDATION_ERROR naming the field."""
from __future__ import annotations

import base64
import json

import pytest

from scans.models import Scan

pytestmark = pytest.mark.django_db

PETSTORE = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok"}}}}},
}


def b64(value: str | dict) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return base64.b64encode(text.encode()).decode()


def post(account, body) -> tuple[int, dict]:
    response = account.client.post("/api/v1/scan", body, format="json")
    return response.status_code, response.json()


CASES = [
    ({}, "url"),
    ({"url": "ftp://example.com"}, "url"),
    ({"url": "not a url"}, "url"),
    ({"url": "http://"}, "url"),
    ({"url": 42}, "url"),
    ({"url": "http://127.0.0.1:99999/"}, "url"),
    ({"url": "http://127.0.0.1:8000", "spec_url": "file:///etc/passwd"}, "spec_url"),
    ({"url": "http://127.0.0.1:8000", "spec_url": "nope"}, "spec_url"),
    ({"url": "http://127.0.0.1:8000", "spec_content": "%%% not base64 %%%"}, "spec_content"),
    ({"url": "http://127.0.0.1:8000", "spec_content": b64("just some text")}, "spec_content"),
    ({"url": "http://127.0.0.1:8000", "spec_content": b64({"openapi": "3.0.0", "info": {}})}, "spec_content"),
    ({"url": "http://127.0.0.1:8000", "mode": "aggressive"}, "mode"),
    ({"url": "http://127.0.0.1:8000", "api_type": "soap"}, "api_type"),
    ({"url": "http://127.0.0.1:8000", "auth": {"type": "kerberos"}}, "auth.type"),
    ({"url": "http://127.0.0.1:8000", "auth": {"type": "bearer"}}, "auth.token"),
    ({"url": "http://127.0.0.1:8000", "auth": {"type": "basic", "username": "u"}}, "auth.password"),
    ({"url": "http://127.0.0.1:8000", "auth_secondary": {"type": "header", "header_name": "X-Key"}}, "auth_secondary.header_value"),
    ({"url": "http://127.0.0.1:8000",
      "auth": {"type": "oauth2", "oauth2_token_url": "http://127.0.0.1/t", "oauth2_client_id": "c"}},
     "auth.oauth2_client_secret"),
    ({"url": "http://127.0.0.1:8000", "options": {"fail_on": "urgent"}}, "options.fail_on"),
    ({"url": "http://127.0.0.1:8000", "options": {"concurrency": 0}}, "options.concurrency"),
    ({"url": "http://127.0.0.1:8000", "options": {"concurrency": 51}}, "options.concurrency"),
    ({"url": "http://127.0.0.1:8000", "options": {"timeout": 0}}, "options.timeout"),
    ({"url": "http://127.0.0.1:8000", "options": {"timeout": 301}}, "options.timeout"),
    ({"url": "http://127.0.0.1:8000", "options": {"exclude": "/admin/*"}}, "options.exclude"),
    ({"url": "http://127.0.0.1:8000", "options": {"exclude": ["/a", 3]}}, "options.exclude"),
    ({"url": "http://127.0.0.1:8000", "options": {"concurency": 5}}, "options.concurency"),
    ({"url": "http://127.0.0.1:8000", "options": {"wcag_profile": "wcag99"}}, "options.wcag_profile"),
    ({"url": "http://127.0.0.1:8000", "colour": "blue"}, "colour"),
]


@pytest.mark.parametrize(("body", "field"), CASES, ids=[f"{field}-{i}" for i, (_, field) in enumerate(CASES)])
def test_invalid_field_is_422_naming_it(account, body, field):
    status, error = post(account, body)
    assert status == 422, error
    assert error["error"] == "VALIDATION_ERROR" and error["status"] == 422
    assert f"Field '{field}" in error["message"]
    assert not Scan.objects.exists()


def test_spec_error_message_says_what_is_wrong(account):
    _, error = post(account, {"url": "http://127.0.0.1:8000", "spec_content": b64({"openapi": "3.0.0", "info": {}})})
    assert "paths" in error["message"]


def test_body_must_be_an_object(account):
    response = account.client.post("/api/v1/scan", [1, 2], format="json")
    assert response.status_code == 422 and response.json()["error"] == "VALIDATION_ERROR"


def test_a_valid_request_with_every_field_is_accepted(account):
    status, body = post(account, {
        "url": "http://127.0.0.1:8000/api",
        "mode": "security",
        "spec_content": b64(PETSTORE),
        "api_type": "rest",
        "auth": {"type": "login", "login_url": "http://127.0.0.1:8000/api/login",
                 "login_body": {"username": "a", "password": "pw-a"}, "token_path": "token", "token_prefix": "Bearer "},
        "auth_secondary": {"type": "bearer", "token": "tok-b"},
        "options": {"concurrency": 3, "timeout": 10, "fail_on": "high", "exclude": ["/admin/*", "DELETE:/users/{id}"],
                    "rate_limit": 20, "max_requests": 500, "max_duration": 60, "allow_destructive": False},
    })
    assert status == 202, body
    scan = Scan.objects.get(pk=body["scan_id"])
    assert scan.options["exclude"] == ["/admin/*", "DELETE:/users/{id}"] and scan.options["concurrency"] == 3
    assert scan.spec_summary["operations"] == 1
