"""The new-scan form offers every auth type for both identities, sends the API only the inputs of the
chosen type, and shows a refusal beside the input it is about."""
from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scans.credentials import unseal
from scans.engine.config import AUTH_TYPES
from scans.forms import AUTH_INPUTS, NewScanForm
from scans.models import Scan
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SPEC = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
    "/me": {"get": {"responses": {"200": {"description": "ok"}}}},
    "/auth/login": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "username": {"type": "string"}, "password": {"type": "string"}}}}}}, "responses": {"200": {"description": "ok"}}}},
}}
IDENTITIES = {
    "bearer": {"token": "tok-1"},
    "header": {"header_name": "X-Key", "header_value": "key-1"},
    "basic": {"username": "alice", "password": "pw-1"},
    "oauth2": {"oauth2_token_url": "http://127.0.0.1:9/token", "oauth2_client_id": "cli", "oauth2_client_secret": "sec-1",
               "oauth2_scope": "read"},
    "login": {"username": "alice", "password": "pw-1", "token_path": "data.token"},
}


def other_inputs(kind: str) -> dict[str, str]:
    """A value in every input the auth type `kind` does not read."""
    return {item.name: "x-" + item.name for item in AUTH_INPUTS if kind not in item.types}


@pytest.fixture
def browser_client(account) -> Client:
    client = Client()
    assert client.login(username=account.user.email, password=PASSWORD)
    return client


def submit(browser_client, fields: dict, *, spec: dict = SPEC):
    return browser_client.post("/scans/new/", {
        "url": "http://127.0.0.1:9/api", "mode": "security",
        "spec_file": SimpleUploadedFile("openapi.json", json.dumps(spec).encode()), **fields,
    })


@pytest.mark.parametrize("prefix", ["", "secondary_"])
@pytest.mark.parametrize("kind", sorted(IDENTITIES))
def test_each_auth_type_sends_its_inputs_and_no_other(browser_client, prefix, kind):
    typed = {**other_inputs(kind), **IDENTITIES[kind]}
    response = submit(browser_client, {f"{prefix}auth_type": kind, **{prefix + k: v for k, v in typed.items()}})
    assert response.status_code == 302, response.content.decode()
    key = "auth_secondary" if prefix else "auth"
    assert unseal(Scan.objects.get().credentials)[key] == {"type": kind, **IDENTITIES[kind]}


def test_both_identities_offer_every_auth_type_and_mark_each_input_with_its_types(browser_client):
    page = browser_client.get("/scans/new/").content.decode()
    form = NewScanForm()
    for name in ("auth_type", "secondary_auth_type"):
        assert [value for value, _ in form.fields[name].choices] == list(AUTH_TYPES)
    assert page.count("data-auth-select") == 2
    assert page.count('data-auth-types="basic login"') == 4, "user name and password, for both identities"
    assert 'data-auth-types="oauth2"' in page and "nat/auth-fields.js" in page


def test_fields_typed_for_an_identity_left_without_a_type_are_refused_not_dropped(browser_client):
    response = submit(browser_client, {"secondary_token": "tok-forgotten"})
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["secondary_auth_type"]
    assert not Scan.objects.exists() and "tok-forgotten" not in response.content.decode()


@pytest.mark.parametrize(("prefix", "fields", "spec", "refused"), [
    ("", {"username": "alice"}, SPEC, "password"),
    ("secondary_", {"password": "pw-2"}, SPEC, "username"),
    ("", {"username": "alice", "password": "pw-1"}, {**SPEC, "paths": {"/me": SPEC["paths"]["/me"]}}, "login_url"),
    ("secondary_", {"username": "alice", "password": "pw-1"}, {**SPEC, "paths": {"/me": SPEC["paths"]["/me"]}},
     "login_url"),
])
def test_the_apis_refusal_shows_beside_the_input_it_names(browser_client, prefix, fields, spec, refused):
    response = submit(browser_client, {f"{prefix}auth_type": "login", **{prefix + k: v for k, v in fields.items()}},
                      spec=spec)
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [prefix + refused]
    assert not Scan.objects.exists()


def test_a_second_identitys_login_body_must_be_a_json_object(browser_client):
    response = submit(browser_client, {"secondary_auth_type": "login", "secondary_login_body": "[1, 2]"})
    assert response.status_code == 422
    assert response.context["form"].errors == {"secondary_login_body": ["Must be a JSON object."]}
