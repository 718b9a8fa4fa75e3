"""Requests per minute per tenant by plan (per client address without a valid key): X-RateLimit-* headers
on every /api/ response in SaaS mode, 429 RATE_LIMIT_EXCEEDED with Retry-After and `retry_after` once
over, nothing counted in self-hosted mode unless a limit is configured."""
from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from billing.plans import get_plan
from billing.ratelimit import (
    CacheWindowCounter,
    DatabaseWindowCounter,
    RedisWindowCounter,
    rate_limit_hit,
    window_counter,
)

pytestmark = pytest.mark.django_db

HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


@pytest.fixture(autouse=True)
def _mid_window() -> None:
    """The window is the clock minute: start tests well inside one so a count never straddles two."""
    if time.time() % 60 > 56:
        time.sleep(60.5 - time.time() % 60)


def test_headers_count_down_on_every_response(account, saas):
    remaining = []
    for _ in range(4):
        response = account.client.get("/api/v1/usage")
        assert response["X-RateLimit-Limit"] == "10"
        remaining.append(int(response["X-RateLimit-Remaining"]))
    assert remaining == [9, 8, 7, 6]
    reset = int(response["X-RateLimit-Reset"])
    assert reset % 60 == 0 and 0 < reset - time.time() <= 60


def test_over_the_limit_is_429_with_retry_after(account, saas):
    for _ in range(10):
        assert account.client.get("/api/v1/usage").status_code == 200
    response = account.client.get("/api/v1/usage")
    body = response.json()
    assert response.status_code == 429
    assert (body["error"], body["status"]) == ("RATE_LIMIT_EXCEEDED", 429)
    assert int(response["Retry-After"]) == body["retry_after"]
    assert 1 <= body["retry_after"] <= 60
    assert (response["X-RateLimit-Remaining"], response["X-RateLimit-Limit"]) == ("0", "10")
    assert f"{body['retry_after']} seconds" in body["message"]


def test_error_responses_carry_the_headers_too(account, saas):
    responses = [
        account.client.get("/api/v1/scan/scan_doesnotexist"),
        account.client.post("/api/v1/scan", {"url": "ftp://x", "mode": "functional"}, format="json"),
        account.client.post("/api/v1/security-scan", {"url": "http://93.184.215.14"}, format="json"),
    ]
    assert [r.status_code for r in responses] == [404, 422, 402]
    assert [r["X-RateLimit-Remaining"] for r in responses] == ["9", "8", "7"]


def test_the_limit_follows_the_plan(account, saas):
    account.tenant.plan = "team"
    account.tenant.save()
    assert account.client.get("/api/v1/usage")["X-RateLimit-Limit"] == "200"


def test_tenants_have_separate_windows(account, other_account, saas):
    for _ in range(3):
        account.client.get("/api/v1/usage")
    assert other_account.client.get("/api/v1/usage")["X-RateLimit-Remaining"] == "9"


def test_requests_without_a_valid_key_count_per_address_not_against_a_tenant(account, anonymous, saas):
    anonymous.credentials(HTTP_X_API_KEY="nat_pk_" + "x" * 40)
    assert [anonymous.get("/api/v1/usage")["X-RateLimit-Remaining"] for _ in range(2)] == ["59", "58"]
    assert account.client.get("/api/v1/usage")["X-RateLimit-Remaining"] == "9"


def test_self_hosted_has_no_limit_and_no_headers(account, anonymous):
    for _ in range(15):
        response = account.client.get("/api/v1/usage")
        assert response.status_code == 200
        assert not any(name in response for name in HEADERS)
    for response in (anonymous.get("/api/v1/health"), anonymous.get("/api/v1/usage"), anonymous.get("/api/v1/nowhere")):
        assert not any(name in response for name in HEADERS)


def test_every_api_response_carries_the_headers_in_saas_mode(account, anonymous, saas):
    responses = {
        "health": anonymous.get("/api/v1/health"),
        "missing key": anonymous.get("/api/v1/usage"),
        "unknown route": anonymous.get("/api/v1/nowhere"),
        "api root": anonymous.get("/api"),
        "schema": anonymous.get("/api/v1/openapi.json"),
        "keyed unknown route": account.client.get("/api/v1/nowhere"),
        "keyed 422": account.client.get("/api/v1/scans?per_page=1000"),
    }
    assert {name: r.status_code for name, r in responses.items()} == {
        "health": 200, "missing key": 401, "unknown route": 404, "api root": 404, "schema": 200,
        "keyed unknown route": 404, "keyed 422": 422,
    }
    for name, response in responses.items():
        assert all(header in response for header in HEADERS), name
    assert [responses[name]["X-RateLimit-Remaining"] for name in ("health", "missing key", "unknown route")] == [
        "59", "58", "57",
    ]
    assert responses["keyed 422"]["X-RateLimit-Remaining"] == "8"


def test_anonymous_requests_are_counted_per_client_address(anonymous, saas, settings):
    settings.NAT_ANONYMOUS_REQUESTS_PER_MINUTE = 3
    first = [anonymous.get("/api/v1/health", REMOTE_ADDR="192.0.2.1") for _ in range(4)]
    assert [r.status_code for r in first] == [200, 200, 200, 429]
    refused = first[-1]
    body = refused.json()
    assert (body["error"], body["status"]) == ("RATE_LIMIT_EXCEEDED", 429)
    assert int(refused["Retry-After"]) == body["retry_after"] and refused["X-RateLimit-Remaining"] == "0"
    other = anonymous.get("/api/v1/health", REMOTE_ADDR="192.0.2.2")
    assert other.status_code == 200 and other["X-RateLimit-Remaining"] == "2"


def test_behind_a_proxy_the_address_is_the_last_forwarded_hop(anonymous, saas, settings):
    settings.NAT_BEHIND_PROXY = True

    def remaining(forwarded: str) -> str:
        return anonymous.get("/api/v1/health", HTTP_X_FORWARDED_FOR=forwarded)["X-RateLimit-Remaining"]

    assert remaining("203.0.113.9, 198.51.100.1") == "59"
    assert remaining("spoofed, 198.51.100.1") == "58"
    assert remaining("198.51.100.2") == "59"


def test_a_self_hosted_limit_can_be_configured(account, settings):
    settings.NAT_PLANS = {"self_hosted": {"requests_per_minute": 2}}
    assert [account.client.get("/api/v1/usage").status_code for _ in range(3)] == [200, 200, 429]


def test_the_database_counter_resets_in_a_new_window_and_ignores_a_late_clock():
    counter = DatabaseWindowCounter()
    assert [counter.hit("t", 600)[0] for _ in range(3)] == [1, 2, 3]
    assert counter.hit("t", 660) == (1, 660)
    assert counter.hit("t", 600) == (2, 660)


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_the_cache_counter_counts_atomically(settings, backend):
    if backend == "redis":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": "redis://127.0.0.1:6379/7"}}
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    key, window = f"test-{time.time_ns()}", int(time.time()) // 60 * 60
    counter = window_counter()
    assert type(counter) is (RedisWindowCounter if backend == "redis" else CacheWindowCounter)
    assert [counter.hit(key, window)[0] for _ in range(3)] == [1, 2, 3]
    if backend == "redis":
        assert 0 < cache._cache.get_client().ttl(cache.make_key(f"nat:ratelimit:{key}:{window}")) <= 120
    decision = rate_limit_hit(key=key, limit=get_plan("free").requests_per_minute, now=window + 15)
    assert (decision.remaining, decision.reset_at, decision.retry_after) == (6, window + 60, 45)
