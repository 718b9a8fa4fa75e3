"""A person signs up, logs in, creates an API key, sees it once and revokes it, in real Chromium."""
from __future__ import annotations

import re

import pytest
import requests

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def call_api(live_server, key: str) -> requests.Response:
    return requests.get(f"{live_server.url}/api/v1/keys", headers={"X-API-Key": key}, timeout=10)


def test_sign_up_log_in_create_a_key_see_it_once_and_revoke_it(page, live_server):
    page.goto("/signup/")
    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Organisation").fill("Dana's Lab")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/settings/api-keys/")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")
    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="Dana's Lab").is_visible()

    page.get_by_text("Settings", exact=True).click()
    page.get_by_role("navigation").get_by_role("link", name="API Keys").click()
    page.get_by_label("Name").fill("Browser key")
    page.get_by_role("button", name="Create key").click()
    key = page.get_by_test_id("new-key").inner_text().strip()
    assert re.fullmatch(r"nat_pk_[A-Za-z0-9_-]{32,}", key)
    assert call_api(live_server, key).status_code == 200

    page.goto("/settings/api-keys/")
    assert page.get_by_test_id("new-key").count() == 0
    assert key not in page.content()
    row = page.locator("tr", has_text="Browser key")
    assert row.get_by_text("active").is_visible()

    row.get_by_role("button", name="Revoke").click()
    page.wait_for_url("**/settings/api-keys/")
    assert page.locator("tr", has_text="Browser key").get_by_text("revoked").is_visible()
    assert call_api(live_server, key).json()["error"] == "INVALID_API_KEY"
