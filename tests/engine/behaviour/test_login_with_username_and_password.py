"""A login identity given only a user name and a password logs in the way the API describes (JSON or
form, its own field names), finds the token wherever the answer puts it, and says so when it had to
guess the body."""
from __future__ import annotations

import pytest

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.errors import AuthRejected
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.login_api import FORM, LoginApi, LoginSeen, Style, serving

CHECKS = ("auth_bypass",)
"""One check that calls the protected operation as the primary identity."""


def _scan(api: LoginApi, auth: AuthConfig, *, described: bool = True) -> Scan:
    spec = load_spec(api.spec, base_url=api.url) if described else None
    scan = Scan(ScanConfig(url=api.url, spec=spec, auth=auth, options=ScanOptions(checks=CHECKS)))
    scan.run()
    return scan


def _primary_user(api: LoginApi, scan: Scan) -> str:
    primary = next(identity for identity in scan.kb.identities if identity.name == "primary")
    return api.tokens[primary.token]


def test_a_json_login_operation_gets_the_email_and_password_in_its_fields_and_the_nested_token_is_used() -> None:
    with serving(Style.JSON) as api:
        scan = _scan(api, AuthConfig(type="login", username="alice@login.test", password="alice-pass-1"))
    assert api.logins[0] == LoginSeen("application/json", {"email": "alice@login.test", "password": "alice-pass-1"})
    assert _primary_user(api, scan) == "alice@login.test"
    assert not [warning for warning in scan.warnings if "login" in warning]


def test_a_form_login_found_by_its_summary_is_sent_form_encoded_and_its_jwt_is_found_under_any_key() -> None:
    with serving(Style.FORM) as api:
        scan = _scan(api, AuthConfig(type="login", username="bob", password="bob-pass-2"))
    assert api.logins[0] == LoginSeen(FORM, {"login": "bob", "passphrase": "bob-pass-2", "client": "web"})
    assert _primary_user(api, scan) == "bob"


def test_a_login_answering_only_a_session_cookie_presents_the_cookie() -> None:
    with serving(Style.COOKIE) as api:
        scan = _scan(api, AuthConfig(type="login", username="bob", password="bob-pass-2"))
    primary = next(identity for identity in scan.kb.identities if identity.name == "primary")
    assert [name for name, _ in primary.credential().cookies] == ["sid"]
    assert _primary_user(api, scan) == "bob"


def test_a_login_url_the_description_does_not_document_gets_a_plain_json_body_and_a_warning() -> None:
    with serving(Style.UNDESCRIBED) as api:
        scan = _scan(api, AuthConfig(type="login", login_url="/api/signin", username="bob", password="bob-pass-2"))
    assert api.logins[0] == LoginSeen("application/json", {"username": "bob", "password": "bob-pass-2"})
    assert _primary_user(api, scan) == "bob"
    assert any("no operation of the API description is at /api/signin" in warning for warning in scan.warnings)


def test_a_login_url_that_is_the_described_operation_uses_its_schema() -> None:
    with serving(Style.FORM) as api:
        scan = _scan(api, AuthConfig(type="login", login_url=api.url + "/api/enter", username="bob",
                                     password="bob-pass-2"))
    assert api.logins[0].content_type == FORM and api.logins[0].fields["passphrase"] == "bob-pass-2"
    assert _primary_user(api, scan) == "bob"


def test_a_discovered_description_is_used_as_a_given_one() -> None:
    with serving(Style.JSON) as api:
        scan = _scan(api, AuthConfig(type="login", username="alice@login.test", password="alice-pass-1"),
                     described=False)
    assert api.logins[0].fields == {"email": "alice@login.test", "password": "alice-pass-1"}
    assert _primary_user(api, scan) == "alice@login.test"


def test_without_login_url_or_a_login_operation_the_scan_fails_saying_what_is_missing() -> None:
    with serving(Style.UNDESCRIBED) as api, pytest.raises(AuthRejected, match="needs login_url"):
        _scan(api, AuthConfig(type="login", username="bob", password="bob-pass-2"))
    assert api.logins == []


def test_wrong_credentials_fail_the_scan_with_the_targets_answer() -> None:
    with serving(Style.JSON) as api, pytest.raises(AuthRejected, match="401"):
        _scan(api, AuthConfig(type="login", username="alice@login.test", password="wrong"))
