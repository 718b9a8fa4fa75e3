"""PostgreSQL (a private cluster started by the test) goes down for a few seconds in the middle of a
scan and comes back: the worker rides the outage out and the scan completes in its first attempt, each
finding stored once; while the database is down the API answers errors in the envelope, without stack
traces."""
from __future__ import annotations

import time

import pytest

from nat_site.demo.server import demo_api
from tests.hardening.live import (
    api,
    findings_by_fingerprint,
    query,
    slow_demo_scan,
    wait_for,
    wait_for_findings,
)
from tests.hardening.services import postgres_binaries, private_postgres
from tests.server_process import nat_server
from tests.shared_data import absent


@pytest.fixture(autouse=True)
def _postgres_server_binaries() -> None:
    if postgres_binaries() is None:
        absent("PostgreSQL's server binaries initdb and pg_ctl (Debian package postgresql)")

DOWN_SECONDS = 4.0


def test_a_scan_survives_a_database_restart_and_stores_each_finding_once(tmp_path, monkeypatch):
    with private_postgres() as postgres, demo_api() as base:
        monkeypatch.setenv("DATABASE_URL", postgres.url)
        with nat_server(tmp_path) as server:
            key = server.create_key("faults@example.com")
            client = api(server, key)
            scan_id = client.post(f"{server.url}/api/v1/scan", json=slow_demo_scan(base), timeout=30).json()["scan_id"]
            wait_for_findings(server, key, scan_id)
            postgres.stop("immediate")
            during = client.get(f"{server.url}/api/v1/scan/{scan_id}", timeout=30)
            time.sleep(DOWN_SECONDS)
            postgres.start()

            assert during.status_code in (500, 503), during.text
            assert during.json()["status"] == during.status_code and "Traceback" not in during.text
            final = wait_for(server, key, scan_id, timeout=180)
            assert final["status"] == "completed", final
            assert query(server, f"SELECT attempts FROM scans_scan WHERE id = '{scan_id}'") == [(1,)], \
                "the worker rode out the outage instead of leaving the scan to be started again"
            counts = findings_by_fingerprint(server, scan_id)
            assert counts and set(counts.values()) == {1}, counts
            assert query(server, f"SELECT COUNT(*) FROM scans_scan WHERE id = '{scan_id}'") == [(1,)]
            results = client.get(f"{server.url}/api/v1/scan/{scan_id}/results", timeout=30).json()
            assert len(results["findings"]) == len(counts)
