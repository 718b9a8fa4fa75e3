"""In real Chromium: Upgrade on Settings → Billing reaches the (fake) Stripe Checkout page, and once
Stripe's signed webhook arrives the page shows the new plan."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from scans.functional.browser import launch_chromium
from tests.billing.fake_stripe import FakeStripe, sign
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upgrade_in_chromium(*, base_url: str, email: str, fake: FakeStripe, webhook_secret: str) -> None:
    """The whole journey in one Chromium. It runs in a thread of its own: Playwright's sync API allows
    one instance per thread, and the browser tests' session-wide Chromium may hold the main one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800}).new_page()
            page.set_default_timeout(10_000)
            page.goto("/login/")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/dashboard/")

            page.goto("/settings/billing/")
            assert page.get_by_test_id("current-plan").inner_text() == "Free"
            page.get_by_role("button", name="Upgrade to Pro").click()
            page.wait_for_url(f"{fake.url}/checkout/cs_test_*")
            assert page.get_by_role("heading", name="Fake Stripe Checkout").is_visible()

            session_id = page.url.rsplit("/", 1)[1]
            payload = json.dumps(fake.complete_checkout(session_id)).encode()
            response = requests.post(
                f"{base_url}/api/v1/billing/webhook", data=payload, timeout=30,
                headers={"Content-Type": "application/json", "Stripe-Signature": sign(payload, webhook_secret)},
            )
            assert response.status_code == 200, response.text

            page.goto(fake.session(session_id)["success_url"])
            page.wait_for_url("**/settings/billing/")
            assert page.get_by_text("Payment received").is_visible()
            assert page.get_by_test_id("current-plan").inner_text() == "Pro"
            assert page.get_by_role("button", name="Manage subscription").is_visible()
        finally:
            browser.close()


def test_upgrade_reaches_checkout_and_the_webhook_shows_the_new_plan(live_server, account, saas, fake_stripe, settings):
    with ThreadPoolExecutor(1) as pool:
        pool.submit(
            upgrade_in_chromium, base_url=live_server.url, email=account.user.email, fake=fake_stripe,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        ).result()
    account.tenant.refresh_from_db()
    assert account.tenant.plan == "pro"
