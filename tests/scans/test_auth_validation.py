"""An identity that cannot work is refused at submit, for `auth` and `auth_secondary` alike: 422
VALIDATION_ERROR naming the missing or misplaced field, and no scan is stored."""
from __future__ import annotations

import base64
import json

import pytest

from scans.models import Scan

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:8000"
LOGIN_URL = f"{URL}/api/login"
WITHOUT_LOGIN = {
    "openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
    "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok"}}}}},
}
WITH_LOGIN = {
    **WITHOUT_LOGIN,
    "paths": {**WITHOUT_LOGIN["paths"], "/auth/login": {"post": {
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
            "username": {"type": "string"}, "password": {"type": "string"}}}}}},
        "responses": {"200": {"description": "ok"}}}}},
}
CREDENTIALS = {"username": "alice", "password": "pw-alice"}


def b64(document: dict) -> str:
    return base64.b64encode(json.dumps(document).encode()).decode()


REFUSED = [
    ({"type": "bearer"}, {}, "token"),
    ({"type": "header", "header_name": "X-Key"}, {}, "header_value"),
    ({"type": "header", "header_value": "k"}, {}, "header_name"),
    ({"type": "basic", "username": "alice"}, {}, "password"),
    ({"type": "basic", "password": "pw"}, {}, "username"),
    ({"type": "oauth2", "oauth2_client_id": "c", "oauth2_client_secret": "s"}, {}, "oauth2_token_url"),
    ({"type": "oauth2", "oauth2_token_url": f"{URL}/token", "oauth2_client_secret": "s"}, {}, "oauth2_client_id"),
    ({"type": "login", "login_url": LOGIN_URL, "username": "alice"}, {}, "password"),
    ({"type": "login", "login_url": LOGIN_URL, "password": "pw"}, {}, "username"),
    ({"type": "login", "login_url": LOGIN_URL}, {}, "username"),
    ({"type": "login", "login_url": LOGIN_URL, "login_body": ["alice", "pw"]}, {}, "login_body"),
    ({"type": "login", "login_url": LOGIN_URL, "login_body": "username=alice"}, {}, "login_body"),
    ({"type": "login", **CREDENTIALS}, {}, "login_url"),
    ({"type": "login", **CREDENTIALS}, {"spec_content": b64(WITHOUT_LOGIN)}, "login_url"),
    ({"type": "login", "login_body": CREDENTIALS}, {"spec_content": b64(WITHOUT_LOGIN)}, "login_url"),
    ({"type": "bearer", "token": "tok", "token_path": "data.token"}, {}, "token_path"),
    ({"type": "basic", **CREDENTIALS, "login_url": LOGIN_URL}, {}, "login_url"),
    ({"type": "header", "header_name": "X-Key", "header_value": "k", "login_body": CREDENTIALS}, {}, "login_body"),
]

ACCEPTED = [
    ({"type": "login", **CREDENTIALS}, {"spec_content": b64(WITH_LOGIN)}),
    ({"type": "login", **CREDENTIALS}, {"spec_url": f"{URL}/openapi.json"}),
    ({"type": "login", "login_url": LOGIN_URL, **CREDENTIALS}, {}),
    ({"type": "login", "login_url": LOGIN_URL, "login_body": CREDENTIALS, "token_path": "data.token"}, {}),
    ({"type": "login", "login_body": CREDENTIALS}, {"spec_content": b64(WITH_LOGIN)}),
]


def post(account, body: dict) -> tuple[int, dict]:
    response = account.client.post("/api/v1/scan", body, format="json")
    return response.status_code, response.json()


@pytest.mark.parametrize("identity", ["auth", "auth_secondary"])
@pytest.mark.parametrize(("auth", "extra", "field"), REFUSED, ids=[f"{case[0]['type']}-{case[2]}-{i}" for i, case in enumerate(REFUSED)])
def test_an_identity_that_cannot_work_is_422_naming_the_field(account, identity, auth, extra, field):
    status, error = post(account, {"url": URL, **extra, identity: auth})
    assert status == 422, error
    assert error["error"] == "VALIDATION_ERROR" and error["status"] == 422
    assert error["message"].startswith(f"Field '{identity}.{field}'"), error["message"]
    assert list(error["fields"]) == [f"{identity}.{field}"]
    assert not Scan.objects.exists()


@pytest.mark.parametrize("identity", ["auth", "auth_secondary"])
@pytest.mark.parametrize(("auth", "extra"), ACCEPTED, ids=[f"accepted-{i}" for i in range(len(ACCEPTED))])
def test_a_login_identity_that_can_log_in_is_accepted(account, identity, auth, extra):
    status, body = post(account, {"url": URL, **extra, identity: auth})
    assert status == 202, body


def test_the_refusal_says_why_a_login_url_is_needed(account):
    _, error = post(account, {"url": URL, "spec_content": b64(WITHOUT_LOGIN), "auth": {"type": "login", **CREDENTIALS}})
    assert "has no login operation" in error["message"]
    _, error = post(account, {"url": URL, "auth": {"type": "login", **CREDENTIALS}})
    assert "spec_url or spec_content" in error["message"]
