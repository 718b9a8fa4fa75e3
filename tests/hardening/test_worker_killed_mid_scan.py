"""The scan workers of a real server are killed with SIGKILL in the middle of a scan that has already
stored findings. Recovery (the scheduled job's function, with a short stale window) starts the scan
again; it completes, and no finding is written twice."""
from __future__ import annotations

import os
import signal
import time

from nat_site.demo.server import demo_api
from tests.hardening.live import (
    RECOVER,
    api,
    findings_by_fingerprint,
    manage_python,
    qcluster_pool,
    query,
    scan_status,
    slow_demo_scan,
    wait_for,
    wait_for_findings,
)
from tests.server_process import nat_server

STALE_SECONDS = "3"


def test_a_scan_whose_worker_is_killed_is_run_again_and_completes_without_duplicates(tmp_path):
    with demo_api() as base, nat_server(tmp_path, extra_env={"NAT_STALE_SCAN_SECONDS": STALE_SECONDS}) as server:
        key = server.create_key("faults@example.com")
        scan_id = api(server, key).post(f"{server.url}/api/v1/scan", json=slow_demo_scan(base), timeout=30).json()["scan_id"]
        before = wait_for_findings(server, key, scan_id)
        pool = qcluster_pool(server)
        for pid in pool:
            os.kill(pid, signal.SIGKILL)
        time.sleep(float(STALE_SECONDS) + 1)
        assert scan_status(server, key, scan_id)["status"] == "running", "the dead worker's scan is left running"
        assert scan_id in manage_python(server, RECOVER)

        final = wait_for(server, key, scan_id, timeout=180)
        assert final["status"] == "completed", final
        assert set(pool).isdisjoint(qcluster_pool(server)), "the cluster replaced the killed processes"
        attempts, findings_count = query(server, f"SELECT attempts, findings_count FROM scans_scan WHERE id = '{scan_id}'")[0]
        assert attempts == 2
        counts = findings_by_fingerprint(server, scan_id)
        assert counts and set(counts.values()) == {1}, counts
        assert findings_count == len(counts) >= before["findings_count"]
        results = api(server, key).get(f"{server.url}/api/v1/scan/{scan_id}/results", timeout=30).json()
        assert len(results["findings"]) == len(counts)
        assert results["total"] == results["passed"] + results["failed"] > 0
