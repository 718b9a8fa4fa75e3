"""Parallel scan creations at the edge of a quota, against a real server (gunicorn, several worker
processes and threads) on PostgreSQL when DATABASE_URL is set, else SQLite: exactly the scans the
quota has left are accepted, every other request is 402 QUOTA_EXCEEDED. The period's usage row does
not exist yet, so the requests also race to create it."""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.billing.conftest import EDGE_QUOTA, PUBLIC_TARGET

PARALLEL = 12


def test_parallel_creations_get_exactly_the_scans_left(saas_server):
    headers = {"X-API-Key": saas_server.create_key("edge@example.com", plan="pro")}
    create = f"{saas_server.url}/api/v1/scan"
    start = threading.Barrier(PARALLEL)

    def one(_: int) -> requests.Response:
        start.wait(timeout=60)
        return requests.post(create, json={"url": PUBLIC_TARGET}, headers=headers, timeout=120)

    with ThreadPoolExecutor(PARALLEL) as pool:
        responses = list(pool.map(one, range(PARALLEL)))
    usage = requests.get(f"{saas_server.url}/api/v1/usage", headers=headers, timeout=60).json()
    stored = requests.get(f"{saas_server.url}/api/v1/scans", headers=headers, timeout=60).json()["total"]

    assert Counter(r.status_code for r in responses) == {202: EDGE_QUOTA, 402: PARALLEL - EDGE_QUOTA}
    refusals = [r.json() for r in responses if r.status_code == 402]
    assert {body["error"] for body in refusals} == {"QUOTA_EXCEEDED"}
    assert all(body["quota_reset_date"] == usage["quota_reset_date"] for body in refusals)
    assert (usage["security_scans_used"], stored) == (EDGE_QUOTA, EDGE_QUOTA)
