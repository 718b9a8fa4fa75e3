"""Scan configuration from the API's dicts: unknown keys ignored, secrets listed for redaction."""
from __future__ import annotations

from scans.engine.config import AuthConfig, ScanOptions


def test_auth_config_from_dict_ignores_unknown_keys_and_lists_its_secrets() -> None:
    auth = AuthConfig.from_dict({
        "type": "LOGIN", "login_url": "/login", "login_body": {"user": "a", "password": "pw1", "otp_code": "123456"},
        "token_path": "data.token", "surprise": 1, "token": None,
    })
    assert auth.type == "login" and auth.token == "" and auth.token_prefix == "Bearer "
    assert set(auth.secrets()) == {"pw1", "123456"}
    assert AuthConfig.from_dict(None) == AuthConfig()


def test_every_credential_field_counts_as_a_secret() -> None:
    auth = AuthConfig(type="oauth2", token="t", header_value="h", password="p", oauth2_client_secret="c")
    assert set(auth.secrets()) == {"t", "h", "p", "c"}


def test_scan_options_from_dict() -> None:
    options = ScanOptions.from_dict({"concurrency": 0, "exclude": "/admin/*", "rate_limit": "2.5",
                                     "checks": ["bola"], "fail_on": "high", "allow_destructive": 1})
    assert options.concurrency == 1 and options.exclude == ("/admin/*",) and options.rate_limit == 2.5
    assert options.checks == ("bola",) and options.allow_destructive is True
    assert ScanOptions.from_dict({}) == ScanOptions()


def test_scan_options_for_callbacks_and_tls_from_dict() -> None:
    options = ScanOptions.from_dict({"callbacks": 0, "callback_url": "https://oob.example:8443", "tls_verify": False,
                                     "tls_ca_bundle": "/etc/ca.pem", "counterpart_url": "http://api.example"})
    assert options.callbacks is False and options.callback_url == "https://oob.example:8443"
    assert options.tls_verify is False and options.tls_ca_bundle == "/etc/ca.pem"
    assert options.counterpart_url == "http://api.example" and options.callback_bind == ""
