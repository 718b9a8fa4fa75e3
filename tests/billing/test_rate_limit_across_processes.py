"""The rate limit holds across web processes: two servers on one database count the tenant's
requests in the same window, and the headers count down across both, each request getting a count of
its own when they arrive at once (with the database's counter and with Redis's)."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.server_process import second_web_process

BURST = 15
"""Requests each of six concurrent clients sends, three to each web process."""


def test_two_server_processes_share_the_window(saas_server):
    with second_web_process(saas_server) as second:
        headers = {"X-API-Key": saas_server.create_key("limits@example.com")}
        if time.time() % 60 > 52:
            time.sleep(60.5 - time.time() % 60)
        responses = [requests.get(f"{url}/api/v1/usage", headers=headers, timeout=30)
                     for url in [saas_server.url, second] * 6]

    assert [r.status_code for r in responses] == [200] * 10 + [429] * 2
    assert [r.headers["X-RateLimit-Remaining"] for r in responses] == [str(n) for n in range(9, -1, -1)] + ["0", "0"]
    assert {r.headers["X-RateLimit-Limit"] for r in responses} == {"10"}
    assert len({r.headers["X-RateLimit-Reset"] for r in responses}) == 1
    over = responses[-1]
    assert over.json()["error"] == "RATE_LIMIT_EXCEEDED"
    assert int(over.headers["Retry-After"]) == over.json()["retry_after"] > 0


@pytest.mark.parametrize("fixture", ["saas_server", "saas_redis_server"])
def test_concurrent_requests_to_two_processes_each_get_their_own_count(request, fixture):
    server = request.getfixturevalue(fixture)
    headers = {"X-API-Key": server.create_key(f"burst-{fixture}@example.com", plan="pro")}
    with second_web_process(server) as second:
        if time.time() % 60 > 50:
            time.sleep(60.5 - time.time() % 60)

        def burst(url: str) -> list[requests.Response]:
            with requests.Session() as session:
                return [session.get(f"{url}/api/v1/usage", headers=headers, timeout=30) for _ in range(BURST)]

        with ThreadPoolExecutor(max_workers=6) as pool:
            responses = [r for batch in pool.map(burst, [server.url, second] * 3) for r in batch]

    limit = int(responses[0].headers["X-RateLimit-Limit"])
    assert {r.status_code for r in responses} == {200}
    assert sorted(int(r.headers["X-RateLimit-Remaining"]) for r in responses) == list(range(limit - 6 * BURST, limit))
    assert len({r.headers["X-RateLimit-Reset"] for r in responses}) == 1
