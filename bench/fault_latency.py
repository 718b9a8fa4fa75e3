"""How quickly NAT's server answers and stops when things go wrong: API answers while Redis is gone,
a cancel reaching the scan worker, and a SIGTERM to `nat server start`'s process group.

Run: .venv/bin/python bench/fault_latency.py   (needs redis-server and redis-cli on PATH for the first part)
Starts `nat server start` on loopback ports (fresh SQLite in a temporary directory), a private
`redis-server` and a slow catalog API on 127.0.0.1. The tests (tests/hardening/test_redis_gone.py,
test_server_shutdown.py, tests/scans/test_scan_lifecycle.py) pin what happens; this prints how long
it took, next to the figure each was designed for.
"""
from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hardening.live import api, wait_for  # noqa: E402
from tests.hardening.services import private_redis, redis_available  # noqa: E402
from tests.scans.live_target import live_target  # noqa: E402
from tests.server_process import nat_server  # noqa: E402

UNREACHABLE = {"url": "http://127.0.0.1:9/x"}
"""What the scans created here point at: nothing listens there (a worker's requests are refused at once)."""


def row(what: str, seconds: float, design: str) -> None:
    print(f"{what:48} {seconds:8.2f}  {design}")


def timed(call: Callable[..., requests.Response], *args: object, **kwargs: object) -> tuple[int, float]:
    started = time.perf_counter()
    response = call(*args, **kwargs, timeout=30)
    return response.status_code, time.perf_counter() - started


def redis_gone(scratch: Path) -> None:
    """Answers once the private Redis is killed: as the broker of a server with a scan worker, then as
    the rate-limit store of one without."""
    plans = '{"self_hosted": {"requests_per_minute": 100000}}'
    for label, workers, extra in (("broker gone", 1, {}), ("rate-limit store gone", 0, {"NAT_PLANS": plans})):
        with private_redis() as redis, nat_server(scratch / label.replace(" ", "-"), workers=workers,
                                                  extra_env={"NAT_REDIS_URL": redis.url, **extra}) as server:
            client = api(server, server.create_key("bench@example.com"))
            scan_id = client.post(f"{server.url}/api/v1/scan", json=UNREACHABLE, timeout=30).json()["scan_id"]
            redis.stop()
            for method, path in (("post", "/scan"), ("get", f"/scan/{scan_id}"), ("get", "/scans")):
                status, seconds = timed(getattr(client, method), f"{server.url}/api/v1{path}", json=UNREACHABLE)
                row(f"{label}: {method.upper()} {path.split('/')[1]} -> {status}", seconds, "designed: under 10 s")


def cancel(scratch: Path) -> None:
    """From POST /cancel until the target sees no more requests for a second."""
    with live_target(delay=0.05, operations=120) as target, nat_server(scratch / "cancel") as server:
        key = server.create_key("bench@example.com")
        client = api(server, key)
        scan_id = client.post(f"{server.url}/api/v1/scan", timeout=30, json={
            "url": target.url, "spec_url": f"{target.url}/openapi.json", "options": {"concurrency": 2}}).json()["scan_id"]
        wait_for(server, key, scan_id, ("running",), timeout=60)
        deadline = time.monotonic() + 60
        while target.requests < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        cancelled_at = time.perf_counter()
        client.post(f"{server.url}/api/v1/scan/{scan_id}/cancel", timeout=30)
        seen, quiet_since = target.requests, time.perf_counter()
        while time.perf_counter() - quiet_since < 1.0 and time.perf_counter() - cancelled_at < 60:
            time.sleep(0.02)
            if target.requests != seen:
                seen, quiet_since = target.requests, time.perf_counter()
        row("cancel: POST to the target's last request", quiet_since - cancelled_at, "designed: under 10 s")


def sigterm(scratch: Path) -> None:
    with nat_server(scratch / "sigterm") as server:
        started = time.perf_counter()
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=60)
        row("SIGTERM to the process group: supervisor exits", time.perf_counter() - started, "designed: under 10 s")


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="nat-bench-"))
    print(f"{'measure':48} {'wall s':>8}  target")
    if redis_available():
        redis_gone(scratch)
    else:
        print("redis-server or redis-cli not on PATH: the Redis figures are left out")
    cancel(scratch)
    sigterm(scratch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
