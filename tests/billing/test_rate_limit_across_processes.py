"""The rate limit holds across web processes: two servers on one database count the tenant's
requests in the same window, and the headers count down across both. (With NAT_REDIS_URL the count
is Redis's INCR, pinned in test_rate_limit.py.)"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from tests.server_process import ServerProcess, free_port


@contextmanager
def second_web_process(server: ServerProcess) -> Iterator[str]:
    """Another gunicorn on the first server's database and cache (its schema is already migrated)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "nat_site.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2"],
        env={**server.env, "DJANGO_SETTINGS_MODULE": "nat_site.settings"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "second web process did not start"
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


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
