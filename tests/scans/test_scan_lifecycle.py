"""A scan runs through the engine in a worker: queued → running → completed | failed | cancelled,
with progress, tasks and a reason whenever it fails."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from scans.credentials import seal
from scans.execution import execute_scan
from scans.models import Scan
from tests.scans.factories import make_scan
from tests.scans.live_target import live_target

pytestmark = pytest.mark.django_db(transaction=True)


def queued_scan(account, url: str, **fields) -> Scan:
    return make_scan(account.tenant, url=url, status=Scan.Status.QUEUED, **fields)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_scan_of_a_clean_target_completes_with_tasks_and_no_findings(account):
    with live_target() as target:
        scan = queued_scan(account, target.url, spec_url=f"{target.url}/openapi.json",
                           credentials=seal({"auth": {"type": "bearer", "token": "tok-live"}}))
        execute_scan(scan.pk)
    scan.refresh_from_db()
    assert scan.status == "completed", scan.failure_reason
    assert scan.started_at and scan.finished_at and scan.finished_at >= scan.started_at
    assert scan.tasks_total > 0 and scan.tasks.count() == scan.tasks_total and scan.progress == 1.0
    assert scan.findings.count() == 0
    assert scan.requests_sent > 0 and scan.elapsed_seconds > 0 and scan.attempts == 1
    assert scan.credentials == ""
    results = account.client.get(f"/api/v1/scan/{scan.pk}/results").json()
    assert results["status"] == "completed" and results["total"] == scan.tasks_total
    assert results["passed"] + results["failed"] == results["total"]


def test_an_unreachable_target_fails_with_the_reason(account):
    scan = queued_scan(account, f"http://127.0.0.1:{closed_port()}/api")
    execute_scan(scan.pk)
    scan.refresh_from_db()
    assert scan.status == "failed"
    assert "127.0.0.1" in scan.failure_reason and scan.finished_at is not None


def test_a_spec_with_no_callable_operation_fails_with_where_it_is_wrong(account):
    spec_body = (b'{"openapi": "3.0.0", "info": {"title": "x", "version": "1"}, "paths": {"/a/{id}": {"get": '
                 b'{"parameters": [{"name": "sid", "in": "body", "required": true}], '
                 b'"responses": {"200": {"description": "ok"}}}}}}')
    with live_target(spec_body=spec_body) as target:
        scan = queued_scan(account, target.url, spec_url=f"{target.url}/openapi.json")
        execute_scan(scan.pk)
    scan.refresh_from_db()
    assert scan.status == "failed"
    assert scan.failure_reason.startswith("The API description is invalid") and "/a/{id}" in scan.failure_reason


def test_a_graphql_security_scan_fails_saying_only_rest_is_checked_and_sends_nothing(account):
    with live_target() as target:
        sdl = "type Query { me: String }"
        scan = queued_scan(account, f"{target.url}/graphql", api_type=Scan.ApiType.GRAPHQL, spec_content=sdl)
        execute_scan(scan.pk)
        sent = target.requests
    scan.refresh_from_db()
    assert scan.status == "failed" and sent == 0
    assert "graphql APIs are not available" in scan.failure_reason and "REST only" in scan.failure_reason


def test_a_scan_is_claimed_once(account):
    with live_target() as target:
        scan = queued_scan(account, target.url, spec_url=f"{target.url}/openapi.json")
        execute_scan(scan.pk)
        requests_after_first = target.requests
        execute_scan(scan.pk)
        assert target.requests == requests_after_first
    scan.refresh_from_db()
    assert scan.attempts == 1


def test_progress_moves_and_cancel_stops_a_running_scan_keeping_its_tasks(account):
    with live_target(delay=0.05, operations=120) as target:
        scan = queued_scan(account, target.url, spec_url=f"{target.url}/openapi.json", options={"concurrency": 2})
        worker = threading.Thread(target=execute_scan, args=(scan.pk,))
        worker.start()
        seen = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            scan.refresh_from_db()
            seen.add(scan.status)
            if scan.status == "running" and scan.progress_done >= 3:
                break
            time.sleep(0.05)
        progress_seen = scan.progress
        assert "running" in seen and 0 < progress_seen < 1
        response = account.client.post(f"/api/v1/scan/{scan.pk}/cancel")
        assert response.json()["status"] == "cancelled"
        worker.join(timeout=30)
        assert not worker.is_alive(), "the worker did not stop after the cancel"
    scan.refresh_from_db()
    assert scan.status == "cancelled"
    assert scan.tasks.count() >= 3 and scan.tasks_total == scan.tasks.count()
