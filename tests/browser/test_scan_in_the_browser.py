"""A person starts a scan from the dashboard against a local target (logging in with a user name and
a password only), watches it complete, dismisses a finding and downloads the HTML report — against a
real `nat server start` with its workers."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
import requests

from nat_site.demo.server import demo_api
from tests.conftest import PASSWORD
from tests.server_process import nat_server

pytestmark = pytest.mark.browser


class _Titles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_scan_from_the_dashboard_then_dismiss_and_download(browser, tmp_path):
    with nat_server(tmp_path) as server, demo_api() as target:
        bob_token = requests.post(f"{target}/api/auth/login", json={"username": "bob", "password": "bob-demo-password"},
                                  timeout=10).json()["token"]
        context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15_000)

        page.goto("/signup/")
        page.get_by_label("Email").fill("sam@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url("**/settings/api-keys/")

        page.get_by_role("link", name="Scans", exact=True).click()
        page.get_by_role("link", name="New scan").click()
        page.get_by_label("Target URL").fill(f"{target}/api")
        page.get_by_label("…or its URL").fill(f"{target}/openapi.json")
        primary = page.get_by_role("group", name="Primary identity")
        primary.get_by_label("Authentication").select_option("login")
        primary.get_by_label("User name").fill("alice")
        primary.get_by_label("Password").fill("alice-demo-password")
        second = page.get_by_role("group", name="Second identity (optional)")
        second.get_by_label("Authentication").select_option("bearer")
        second.get_by_label("Bearer token").fill(bob_token)
        page.get_by_role("button", name="Start scan").click()
        page.wait_for_url("**/scans/scan_*/")
        assert page.get_by_test_id("scan-status").inner_text() in {"Queued", "Running", "Completed"}

        page.get_by_test_id("scan-status").filter(has_text="Completed").wait_for(timeout=120_000)
        findings = page.locator("details.finding")
        assert findings.count() >= 1
        first = findings.first
        title = first.locator("summary strong").inner_text()
        first.locator("summary").click()
        first.get_by_label("Reason").select_option("accepted_risk")
        first.get_by_label("Note").fill("demo data only")
        first.get_by_role("button", name="Dismiss").click()
        page.wait_for_load_state()
        dismissed = page.locator("details.finding.dismissed", has_text=title)
        assert dismissed.count() == 1
        dismissed.locator("summary").click()
        assert dismissed.get_by_text("demo data only").is_visible()

        with page.expect_download() as download_info:
            page.get_by_role("link", name="html", exact=True).click()
        path = tmp_path / "report.html"
        download_info.value.save_as(path)
        parser = _Titles()
        parser.feed(path.read_text())
        text = "".join(parser.text)
        assert title in text and "Accepted risk" in text
        context.close()
