"""Billing fixtures: SaaS mode, a local fake of Stripe's API with the settings pointing at it, and a
way to post signed webhook events. No test talks to Stripe's servers: outside the fake, Stripe's API
base is a closed loopback port."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import stripe
from rest_framework.test import APIClient

from tests.billing.fake_stripe import FakeStripe, FakeStripeServer, load_fixtures, sign
from tests.server_process import ServerProcess, nat_server

WEBHOOK_SECRET = "whsec_nat_test_0123456789abcdef"
SECRET_KEY = "sk_test_NATfakeKey0123456789abcdefXYZ"
PRICES = {"pro": "price_nat_pro", "team": "price_nat_team", "enterprise": ""}
CLOSED_PORT = "http://127.0.0.1:9"
PUBLIC_TARGET = "http://93.184.215.14/api"
"""A public address: SaaS mode refuses internal targets when a scan is submitted. No worker runs in
these tests, so nothing ever connects to it."""
EDGE_QUOTA = 5
"""Security scans a month on Pro in the real server, so the concurrency test reaches the edge quickly."""
SAAS_ENV = {"NAT_MODE": "saas",
            "NAT_PLANS": json.dumps({"pro": {"security_scans": EDGE_QUOTA, "requests_per_minute": 1000}})}
"""The real servers' settings: SaaS mode, and Pro's quota and rate limit for the multi-process tests."""


@pytest.fixture(autouse=True)
def _stripe_offline(settings) -> Iterator[None]:
    """Billing unconfigured unless a test asks for the fake, and stripe-python never aimed at Stripe."""
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.STRIPE_API_BASE = CLOSED_PORT
    settings.STRIPE_PRICE_IDS = dict(PRICES)
    settings.NAT_SERVICE_TOKEN = ""
    stripe.api_base = CLOSED_PORT
    yield
    stripe.api_base = CLOSED_PORT


@pytest.fixture
def saas(settings) -> None:
    settings.NAT_MODE = "saas"


@pytest.fixture(scope="session")
def stripe_fixtures() -> dict[str, dict[str, Any]]:
    return load_fixtures()


@pytest.fixture
def fake_stripe(stripe_fixtures, settings) -> Iterator[FakeStripe]:
    with FakeStripeServer(stripe_fixtures) as fake:
        settings.STRIPE_API_BASE = fake.url
        settings.STRIPE_SECRET_KEY = SECRET_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        yield fake


def signed_post(client: APIClient, event: dict[str, Any], *, secret: str = WEBHOOK_SECRET,
                timestamp: int | None = None, signature: str | None = None) -> Any:
    payload = json.dumps(event).encode()
    header = signature if signature is not None else sign(payload, secret, timestamp=timestamp)
    return client.post("/api/v1/billing/webhook", data=payload, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)


@pytest.fixture
def post_event(anonymous: APIClient) -> Callable[..., Any]:
    """Deliver an event to the webhook as Stripe would: signed with the endpoint's secret, no API key."""
    return lambda event, **kwargs: signed_post(anonymous, event, **kwargs)


@pytest.fixture(scope="session")
def saas_server(tmp_path_factory) -> Iterator[ServerProcess]:
    """A real NAT server in SaaS mode (gunicorn, two web processes, no scan workers) on a fresh
    database of its own, shared by the multi-process tests; each of them uses its own tenant."""
    with nat_server(tmp_path_factory.mktemp("saas-server"), workers=0, extra_env=SAAS_ENV) as server:
        yield server


@pytest.fixture(scope="session")
def saas_redis_server(tmp_path_factory) -> Iterator[ServerProcess]:
    """The SaaS server with Redis for its cache (the key generation, the rate-limit counter)."""
    env = {**SAAS_ENV, "NAT_REDIS_URL": "redis://127.0.0.1:6379/7"}
    with nat_server(tmp_path_factory.mktemp("saas-redis-server"), workers=0, extra_env=env) as server:
        yield server
