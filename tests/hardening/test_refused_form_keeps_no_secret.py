"""A new-scan form refused for another field comes back without the credentials typed into it: the
password fields stay empty and the login body keeps its other values with the secret ones blanked."""
from __future__ import annotations

import json

from scans.forms import NewScanForm


def test_a_refused_form_shows_no_credential_again():
    login_body = {"username": "carol", "password": "pw-planted-1", "nested": {"api_token": "tok-planted-2"}, "tenant": "acme"}
    form = NewScanForm(data={
        "url": "", "mode": "security", "auth_type": "login", "login_url": "http://127.0.0.1:9/login",
        "password": "pw-planted-3", "token": "tok-planted-4", "header_value": "hv-planted-5",
        "secondary_token": "tok-planted-6", "login_body": json.dumps(login_body),
        "oauth2_client_secret": "cs-planted-8", "secondary_auth_type": "login", "secondary_password": "pw-planted-9",
        "secondary_oauth2_client_secret": "cs-planted-10", "secondary_header_value": "hv-planted-11",
        "secondary_login_body": json.dumps({"username": "dave", "password": "pw-planted-12"}),
    })
    assert not form.is_valid()
    html = form.as_div()
    for planted in ("pw-planted-1", "tok-planted-2", "pw-planted-3", "tok-planted-4", "hv-planted-5", "tok-planted-6",
                    "cs-planted-8", "pw-planted-9", "cs-planted-10", "hv-planted-11", "pw-planted-12"):
        assert planted not in html
    assert "carol" in html and "acme" in html and "dave" in html, "what is not secret is kept for the user to fix the form"


def test_a_login_body_that_is_not_json_is_not_shown_again():
    form = NewScanForm(data={"url": "", "mode": "security", "auth_type": "login", "login_body": 'password=pw-planted-7'})
    assert not form.is_valid()
    assert "pw-planted-7" not in form.as_div()
