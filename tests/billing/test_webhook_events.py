"""Stripe events move the tenant's plan: checkout completion, subscription changes, cancellation and
failed payments. Each event id is applied once; events arriving out of order still leave the plan
matching Stripe; the first successful checkout e-mails a new API key; dj-stripe mirrors it all."""
from __future__ import annotations

import time

import pytest
from django.utils import timezone
from djstripe.models import Customer, Event, Subscription

from billing.models import BillingAccount, WebhookReceipt
from billing.quotas import quota_consume
from scans.models import Scan
from tests.billing.conftest import PRICES
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(post_event, django_capture_on_commit_callbacks):
    """Deliver and run what waits for the commit (the e-mail), as a real request would."""
    def deliver(event):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_event(event)
        assert response.status_code == 200, response.content
        return response.json()
    return deliver


@pytest.fixture
def checked_out(account, saas, fake_stripe, delivered):
    """A Free tenant that bought Pro: returns the subscription id."""
    url = account.client.post("/api/v1/billing/checkout", {"plan": "pro"}, format="json").json()["checkout_url"]
    event = fake_stripe.complete_checkout(url.rsplit("/", 1)[1])
    delivered(event)
    return fake_stripe.session(url.rsplit("/", 1)[1])["subscription"]


def plan_of(account) -> str:
    account.tenant.refresh_from_db()
    return account.tenant.plan


def test_checkout_completion_moves_the_tenant_to_the_plan(account, checked_out, fake_stripe):
    assert plan_of(account) == "pro"
    billing = BillingAccount.objects.get(tenant=account.tenant)
    item = fake_stripe.objects[checked_out]["items"]["data"][0]
    assert (billing.stripe_subscription_id, billing.subscription_status) == (checked_out, "active")
    assert billing.current_period_start.timestamp() == item["current_period_start"]
    assert billing.current_period_end.timestamp() == item["current_period_end"]


def test_the_usage_period_becomes_the_subscription_period(account, checked_out, fake_stripe):
    end = fake_stripe.objects[checked_out]["items"]["data"][0]["current_period_end"]
    body = account.client.get("/api/v1/usage").json()
    assert body["quota_reset_date"] == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(end))
    assert (body["plan"], body["security_scans_limit"]) == ("pro", 100)


def test_the_first_checkout_emails_a_working_api_key(account, checked_out, mailoutbox, anonymous):
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [account.user.email]
    key = next(word for word in message.body.split() if word.startswith("nat_pk_"))
    anonymous.credentials(HTTP_X_API_KEY=key)
    assert anonymous.get("/api/v1/usage").json()["plan"] == "pro"


def test_a_replayed_event_is_applied_once(account, checked_out, fake_stripe, delivered, mailoutbox):
    event = next(obj for obj in fake_stripe.objects.values()
                 if obj.get("object") == "event" and obj["type"] == "checkout.session.completed")
    account.tenant.plan = "team"
    account.tenant.save()
    assert delivered(event)["duplicate"] is True
    assert plan_of(account) == "team"
    assert len(mailoutbox) == 1
    assert WebhookReceipt.objects.filter(event_id=event["id"]).count() == 1


def test_a_later_checkout_sends_no_new_key(account, checked_out, fake_stripe, delivered, mailoutbox):
    delivered(fake_stripe.cancel_subscription(checked_out))
    url = account.client.post("/api/v1/billing/checkout", {"plan": "team"}, format="json").json()["checkout_url"]
    delivered(fake_stripe.complete_checkout(url.rsplit("/", 1)[1]))
    assert plan_of(account) == "team"
    assert len(mailoutbox) == 1


def test_a_subscription_update_changes_the_plan(account, checked_out, fake_stripe, delivered):
    outcome = delivered(fake_stripe.change_subscription(checked_out, price_id=PRICES["team"]))
    assert (outcome["plan"], plan_of(account)) == ("team", "team")


def test_cancellation_moves_the_tenant_to_free(account, checked_out, fake_stripe, delivered):
    delivered(fake_stripe.cancel_subscription(checked_out))
    assert plan_of(account) == "free"
    assert account.client.get("/api/v1/usage").json()["quota_reset_date"].endswith("-01T00:00:00Z")


def test_a_failed_payment_moves_the_tenant_to_free_and_paying_restores_it(account, checked_out, fake_stripe, delivered):
    delivered(fake_stripe.fail_payment(checked_out))
    assert plan_of(account) == "free"
    assert BillingAccount.objects.get(tenant=account.tenant).subscription_status == "past_due"
    delivered(fake_stripe.change_subscription(checked_out, status="active"))
    assert plan_of(account) == "pro"


def test_an_older_event_arriving_last_does_not_undo_a_newer_one(account, checked_out, fake_stripe, delivered):
    now = int(time.time())
    upgraded = fake_stripe.change_subscription(checked_out, price_id=PRICES["team"], created=now - 60)
    cancelled = fake_stripe.cancel_subscription(checked_out, created=now - 30)
    delivered(cancelled)
    delivered(upgraded)
    assert plan_of(account) == "free"


def test_checkout_completion_arriving_after_the_subscription_events_still_settles_right(
    account, saas, fake_stripe, delivered
):
    url = account.client.post("/api/v1/billing/checkout", {"plan": "pro"}, format="json").json()["checkout_url"]
    completed = fake_stripe.complete_checkout(url.rsplit("/", 1)[1])
    sub_id = fake_stripe.session(url.rsplit("/", 1)[1])["subscription"]
    upgraded = fake_stripe.change_subscription(sub_id, price_id=PRICES["team"])
    delivered(upgraded)
    delivered(completed)
    assert plan_of(account) == "team"


def test_the_end_of_an_old_subscription_does_not_downgrade_the_new_one(account, checked_out, fake_stripe, delivered):
    customer = fake_stripe.objects[checked_out]["customer"]
    new = fake_stripe.subscription(customer=customer, price_id=PRICES["team"])
    delivered(fake_stripe.event("customer.subscription.created", new))
    assert plan_of(account) == "team"
    delivered(fake_stripe.cancel_subscription(checked_out))
    assert plan_of(account) == "team"


def test_events_for_unknown_customers_are_stored_and_ignored(account, saas, fake_stripe, delivered):
    stranger = fake_stripe.subscription(customer=fake_stripe.customer(email="x@example.net")["id"], price_id=PRICES["pro"])
    outcome = delivered(fake_stripe.event("customer.subscription.updated", stranger))
    assert outcome["duplicate"] is False
    assert plan_of(account) == "free"
    assert WebhookReceipt.objects.get(event_id=outcome["event_id"]).tenant is None


def test_dj_stripe_stores_the_events_and_mirrors_the_subscription(account, checked_out, fake_stripe, delivered):
    delivered(fake_stripe.change_subscription(checked_out, price_id=PRICES["team"]))
    assert set(Event.objects.values_list("type", flat=True)) == {"checkout.session.completed", "customer.subscription.updated"}
    subscription = Subscription.objects.get(id=checked_out)
    assert subscription.stripe_data["items"]["data"][0]["price"]["id"] == PRICES["team"]
    assert Customer.objects.filter(id=subscription.stripe_data["customer"]).exists()


def test_unpaid_checkouts_change_nothing(account, saas, fake_stripe, delivered, mailoutbox):
    url = account.client.post("/api/v1/billing/checkout", {"plan": "pro"}, format="json").json()["checkout_url"]
    session = fake_stripe.session(url.rsplit("/", 1)[1])
    delivered(fake_stripe.event("checkout.session.completed", {**session, "status": "complete", "payment_status": "unpaid"}))
    assert plan_of(account) == "free" and mailoutbox == []


def test_quota_counts_already_used_survive_a_mid_period_upgrade(account, checked_out, fake_stripe, delivered):
    account.tenant.refresh_from_db()
    quota_consume(tenant=account.tenant, mode="security")
    delivered(fake_stripe.change_subscription(checked_out, price_id=PRICES["team"]))
    assert account.client.get("/api/v1/usage").json()["security_scans_used"] == 1
    assert timezone.now() < BillingAccount.objects.get(tenant=account.tenant).current_period_end


def test_scans_in_flight_are_never_interrupted_by_a_downgrade(account, checked_out, fake_stripe, delivered):
    running = make_scan(account.tenant, status=Scan.Status.RUNNING)
    queued = make_scan(account.tenant, status=Scan.Status.QUEUED)
    delivered(fake_stripe.cancel_subscription(checked_out))
    assert plan_of(account) == "free"
    running.refresh_from_db()
    queued.refresh_from_db()
    assert (running.status, queued.status) == (Scan.Status.RUNNING, Scan.Status.QUEUED)
