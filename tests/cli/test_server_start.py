"""`nat server start` migrates, serves the API with workers, and stops cleanly on SIGTERM/SIGINT."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from tests.cli.conftest import nat_executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(port: int, process: subprocess.Popen, deadline: float = 90) -> requests.Response:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            pytest.fail(f"server exited early with {process.returncode}: {process.stderr.read()}")
        try:
            return requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
        except requests.RequestException:
            time.sleep(0.3)
    pytest.fail("server did not answer /api/v1/health in time")


def process_group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_server_answers_health_then_stops_with_all_its_processes(nat_env, tmp_path, stop_signal):
    port = free_port()
    process = subprocess.Popen(
        [nat_executable(), "server", "start", "--port", str(port), "--workers", "1", "--web-workers", "1"],
        env=nat_env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    try:
        response = wait_for_health(port, process)
        assert response.status_code == 200 and response.json() == {"status": "ok"}
        page = requests.get(f"http://127.0.0.1:{port}/login/", timeout=30)
        assert page.status_code == 200 and "Log in to NAT" in page.text
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
        assert requests.get(f"http://127.0.0.1:{port}{stylesheet}", timeout=30).status_code == 200
        process.send_signal(stop_signal)
        assert process.wait(timeout=30) == 0
        end = time.monotonic() + 10
        while process_group_alive(process.pid) and time.monotonic() < end:
            time.sleep(0.2)
        assert not process_group_alive(process.pid), "web server or workers outlived `nat server start`"
    finally:
        if process_group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
