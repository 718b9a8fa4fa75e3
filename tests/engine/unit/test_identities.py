"""Configured identities present their credential as configured, and make it a secret of the scan."""
from __future__ import annotations

import base64

from scans.engine.config import AuthConfig
from scans.engine.http.redact import Redactor
from scans.engine.identity.configured import configured_identity
from scans.engine.identity.identity import IdentityOrigin
from scans.engine.identity.tokens import at_path, find_token


def _identity(auth: AuthConfig, suffix: str = ""):
    redactor = Redactor()
    identity = configured_identity(auth, name="primary", placeholder_suffix=suffix, scan_url="http://127.0.0.1:9",
                                   redactor=redactor)
    return identity, redactor


def test_basic_auth_sends_the_encoded_pair_and_redacts_it() -> None:
    identity, redactor = _identity(AuthConfig(type="basic", username="alice", password="pw-123456"))
    encoded = base64.b64encode(b"alice:pw-123456").decode()
    assert identity.credential().headers == (("Authorization", f"Basic {encoded}"),)
    assert redactor.segments(f"Basic {encoded}") == [("Basic ", False), ("NAT_TOKEN", True)]


def test_bearer_token_gets_the_prefix_once() -> None:
    identity, _ = _identity(AuthConfig(type="bearer", token="abc123def"))
    assert identity.credential().headers == (("Authorization", "Bearer abc123def"),)
    identity, _ = _identity(AuthConfig(type="bearer", token="Bearer abc123def"))
    assert identity.credential().headers == (("Authorization", "Bearer abc123def"),)


def test_api_key_header_and_secondary_placeholder() -> None:
    identity, redactor = _identity(AuthConfig(type="header", header_name="X-API-Key", header_value="key-987654"), "_2")
    assert identity.credential().headers == (("X-API-Key", "key-987654"),)
    assert identity.placeholder == "NAT_TOKEN_2" and redactor.redact("key-987654") == "[REDACTED]"
    assert identity.origin is IdentityOrigin.CONFIGURED and not identity.self_service


def test_login_identity_knows_its_user_name_and_password_from_the_body() -> None:
    identity, redactor = _identity(AuthConfig(type="login", login_url="/login",
                                              login_body={"email": "a@x.test", "password": "pw-123456"}))
    assert identity.can_refresh and identity.username == "a@x.test" and identity.password == "pw-123456"
    assert redactor.segments("pw-123456") == [("NAT_PASSWORD", True)]


def test_tokens_are_found_by_path_by_usual_name_or_in_a_header() -> None:
    data = {"data": {"session": {"access_token": "tok-1234567890"}}, "items": [{"token": "x"}]}
    assert at_path(data, "data.session.access_token") == "tok-1234567890"
    assert at_path(data, "items.0.token") == "x" and at_path(data, "nope.x") is None
    assert find_token(data, {}) == "tok-1234567890"
    assert find_token({"ok": True}, {"X-Auth-Token": "hdr-1234567890"}) == "hdr-1234567890"
    assert find_token(data, {}, token_path="data.missing") == ""
