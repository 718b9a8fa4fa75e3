"""`nat demo --serve` keeps the bundled vulnerable API up on the port asked for, says where it and its
description are, and stops cleanly (exit 0, port released) on SIGINT or SIGTERM."""
from __future__ import annotations

import signal
import socket
import subprocess

import pytest
import requests

from tests.cli.conftest import nat_executable
from tests.cli.demo_process import demo_serving


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_demo_api_answers_until_a_signal_stops_it_and_frees_the_port(nat_env, stop_signal) -> None:
    with demo_serving(nat_env) as demo:
        description = requests.get(f"{demo.url}/openapi.json", timeout=10).json()
        assert description["servers"] == [{"url": "/api"}] and "/auth/login" in description["paths"]
        login = requests.post(f"{demo.url}/api/auth/login", json={"username": "alice", "password": "alice-demo-password"},
                              timeout=10)
        assert login.status_code == 200 and login.json()["token"]
        demo.process.send_signal(stop_signal)
        assert demo.process.wait(timeout=30) == 0
        printed = demo.process.stdout.read()
    assert f"{demo.url}/api" in printed and f"{demo.url}/openapi.json" in printed
    assert "alice / alice-demo-password" in printed
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", demo.port), timeout=5).close()
    with socket.socket() as sock:  # a new server may listen there (as `nat demo --serve` does, reusing the address)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", demo.port))
        sock.listen()


def test_a_taken_port_is_refused_saying_so(nat_env) -> None:
    with demo_serving(nat_env) as demo:
        second = subprocess.run([nat_executable(), "demo", "--serve", "--port", str(demo.port)], env=nat_env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert f"127.0.0.1:{demo.port}" in second.stderr and "--port" in second.stderr
        assert requests.get(f"{demo.url}/openapi.json", timeout=10).ok
