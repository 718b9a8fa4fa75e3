"""The new-scan form in real Chromium: each identity shows only the inputs of the auth type chosen for
it (every type offered for both), a value typed before switching type is not sent, the page's script
runs under the site's CSP, and without JavaScript every input shows."""
from __future__ import annotations

import pytest

from scans.credentials import unseal
from scans.models import Scan
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDENTITIES = ("Primary identity", "Second identity (optional)")
SHOWN = {
    "none": [],
    "bearer": ["Bearer token"],
    "header": ["Header name", "Header value"],
    "basic": ["User name", "Password"],
    "oauth2": ["Token URL", "Client ID", "Client secret", "Scope"],
    "login": ["User name", "Password", "Login URL", "Where the token is in the answer (e.g. data.token)",
              "Login body (JSON)"],
}
EVERY_INPUT = sorted({label for labels in SHOWN.values() for label in labels})


def log_in(page, account) -> list[str]:
    """Log in through the login page and open the new-scan form; returns the console errors seen."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/login/")
    page.get_by_label("Email").fill(account.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    page.goto("/scans/new/")
    return errors


def visible_labels(group) -> list[str]:
    fields = group.locator("[data-auth-types]")
    return [fields.nth(i).locator("label").inner_text() for i in range(fields.count()) if fields.nth(i).is_visible()]


def test_choosing_each_auth_type_shows_its_inputs_only_for_either_identity(page, account):
    errors = log_in(page, account)
    for name in IDENTITIES:
        group = page.get_by_role("group", name=name)
        assert visible_labels(group) == [], "no type chosen yet: no credential inputs"
        for kind, labels in SHOWN.items():
            group.get_by_label("Authentication").select_option(kind)
            assert sorted(visible_labels(group)) == sorted(labels), kind
    assert errors == [], "the page's script runs under the Content-Security-Policy"


def test_a_submitted_identity_carries_only_what_its_type_shows(page, account):
    log_in(page, account)
    page.get_by_label("Target URL").fill("http://127.0.0.1:9/api")
    page.get_by_label("…or its URL").fill("http://127.0.0.1:9/openapi.json")
    primary = page.get_by_role("group", name=IDENTITIES[0])
    primary.get_by_label("Authentication").select_option("bearer")
    primary.get_by_label("Bearer token").fill("tok-typed-then-abandoned")
    primary.get_by_label("Authentication").select_option("login")
    primary.get_by_label("User name").fill("alice")
    primary.get_by_label("Password").fill("alice-password")
    second = page.get_by_role("group", name=IDENTITIES[1])
    second.get_by_label("Authentication").select_option("header")
    second.get_by_label("Header name").fill("X-API-Key")
    second.get_by_label("Header value").fill("key-bob")
    page.get_by_role("button", name="Start scan").click()
    page.wait_for_url("**/scans/scan_*/")
    credentials = unseal(Scan.objects.get().credentials)
    assert credentials == {
        "auth": {"type": "login", "username": "alice", "password": "alice-password"},
        "auth_secondary": {"type": "header", "header_name": "X-API-Key", "header_value": "key-bob"},
    }


def test_a_refused_identity_comes_back_with_its_type_and_the_reason_beside_the_input(page, account):
    log_in(page, account)
    page.get_by_label("Target URL").fill("http://127.0.0.1:9/api")
    second = page.get_by_role("group", name=IDENTITIES[1])
    second.get_by_label("Authentication").select_option("login")
    second.get_by_label("User name").fill("bob")
    second.get_by_label("Password").fill("bob-password")
    page.get_by_role("button", name="Start scan").click()
    second = page.get_by_role("group", name=IDENTITIES[1])
    assert second.get_by_label("Authentication").input_value() == "login"
    login_url = second.locator(".field.has-error")
    assert login_url.locator("label").inner_text() == "Login URL" and login_url.is_visible()
    assert not Scan.objects.exists()


def test_without_javascript_every_input_shows(browser, live_server, account):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, account)
    for name in IDENTITIES:
        assert sorted(visible_labels(page.get_by_role("group", name=name))) == EVERY_INPUT
    context.close()
