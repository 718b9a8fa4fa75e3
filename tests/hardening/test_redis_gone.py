"""Redis, the task broker and shared cache (a private `redis-server` started by the test), disappears
while a scan runs. The running scan still completes (its state lives in the database); a scan
submitted meanwhile is stored, stays queued and runs once Redis is back; the API keeps answering,
with the error envelope (503, no stack trace) where it needs Redis, and never hangs (each request has a
30 s timeout as a guard; how quickly they answer is measured by bench/fault_latency.py)."""
from __future__ import annotations

import time

import pytest
import requests

from nat_site.demo.server import demo_api
from tests.hardening.live import (
    RECOVER,
    api,
    manage_python,
    slow_demo_scan,
    wait_for,
    wait_for_findings,
)
from tests.hardening.services import private_redis, redis_available
from tests.scans.live_target import live_target
from tests.server_process import nat_server
from tests.shared_data import absent


@pytest.fixture(autouse=True)
def _redis_server() -> None:
    if not redis_available():
        absent("redis-server (Debian package redis-server)")

def test_scans_complete_or_wait_when_the_broker_goes_away(tmp_path):
    with private_redis() as redis, demo_api() as base, live_target() as quick_target:
        extra_env = {"NAT_REDIS_URL": redis.url, "NAT_QUEUED_SCAN_SECONDS": "2"}
        with nat_server(tmp_path, extra_env=extra_env) as server:
            key = server.create_key("faults@example.com")
            client = api(server, key)
            running = client.post(f"{server.url}/api/v1/scan", json=slow_demo_scan(base), timeout=30).json()["scan_id"]
            wait_for_findings(server, key, running)
            redis.stop()

            submitted = client.post(f"{server.url}/api/v1/scan", timeout=30,
                                    json={"url": quick_target.url, "spec_url": f"{quick_target.url}/openapi.json"})
            assert submitted.status_code == 202, submitted.text
            waiting = submitted.json()["scan_id"]
            for path in (f"/scan/{running}", f"/scan/{waiting}", "/scans", "/keys", "/usage"):
                response = client.get(f"{server.url}/api/v1{path}", timeout=30)
                assert response.status_code == 200, (path, response.text)
            assert wait_for(server, key, running, timeout=120)["status"] == "completed"
            assert client.get(f"{server.url}/api/v1/scan/{waiting}", timeout=30).json()["status"] == "queued"

            redis.start()
            time.sleep(2.5)
            assert waiting in manage_python(server, RECOVER)
            final = wait_for(server, key, waiting, timeout=90)
            assert final["status"] == "completed", final


def test_the_api_answers_503_in_the_envelope_while_the_rate_limit_store_is_gone(tmp_path):
    """With a rate limit, every counted request needs Redis: without it, a 503 in the envelope."""
    with private_redis() as redis:
        extra_env = {"NAT_REDIS_URL": redis.url, "NAT_PLANS": '{"self_hosted": {"requests_per_minute": 100000}}'}
        with nat_server(tmp_path, workers=0, extra_env=extra_env) as server:
            key = server.create_key("faults@example.com")
            client = api(server, key)
            scan_id = client.post(f"{server.url}/api/v1/scan", json={"url": "http://127.0.0.1:9/api"}, timeout=30).json()["scan_id"]
            redis.stop()
            for method, path in (("get", f"/scan/{scan_id}"), ("get", "/scans"), ("post", "/scan")):
                response = getattr(client, method)(f"{server.url}/api/v1{path}", json={"url": "http://127.0.0.1:9/x"}, timeout=30)
                assert response.status_code == 503, (path, response.status_code, response.text)
                body = response.json()
                assert body["error"] == "SERVICE_UNAVAILABLE" and body["status"] == 503 and response.headers["Retry-After"]
                assert "Traceback" not in response.text and "redis" not in response.text.lower()
            assert requests.get(f"{server.url}/api/v1/health", timeout=10).status_code == 200
            redis.start()
            assert client.get(f"{server.url}/api/v1/scan/{scan_id}", timeout=30).status_code == 200
