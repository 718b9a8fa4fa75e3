"""End to end through real processes: the API queues a scan, a django-q2 worker runs it."""
from __future__ import annotations

import requests

from tests.scans.live_target import live_target
from tests.server_process import nat_server, wait_finished


def test_a_worker_process_runs_a_scan_queued_through_the_api(tmp_path):
    with nat_server(tmp_path) as server, live_target(delay=0.02) as target:
        key = server.create_key("ci@example.com")
        response = requests.post(
            f"{server.url}/api/v1/scan", headers={"X-API-Key": key},
            json={"url": target.url, "spec_url": f"{target.url}/openapi.json"}, timeout=10,
        )
        assert response.status_code == 202, response.text
        outcome = wait_finished(server, key, response.json()["scan_id"])
        assert outcome["final"]["status"] == "completed", outcome["final"]
        assert outcome["final"]["progress"] == 1.0
        results = requests.get(f"{server.url}/api/v1/scan/{response.json()['scan_id']}/results",
                               headers={"X-API-Key": key}, timeout=10).json()
        assert results["total"] > 0 and results["findings"] == []
        assert target.requests > 0
