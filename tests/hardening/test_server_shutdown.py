"""`nat server start` stops and takes its scan workers with it: on a SIGTERM to its whole
process group (what Ctrl-C or a service manager sends), and even when the supervisor itself is
killed with SIGKILL. A scan worker that outlived its server would go on sending attack traffic.
How long the stop takes is measured by bench/fault_latency.py."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.hardening.live import qcluster_pool
from tests.server_process import ServerProcess, nat_server


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.1)
    return [pid for pid in pids if alive(pid)]


def server_processes(server: ServerProcess) -> list[int]:
    """The supervisor's children (web server, cluster) and the cluster's worker processes."""
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children] + qcluster_pool(server)


def test_a_group_sigterm_stops_the_server_and_its_workers(tmp_path):
    with nat_server(tmp_path) as server:
        processes = server_processes(server)
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=30)
        assert not wait_gone(processes, 5)


def test_workers_do_not_outlive_a_killed_supervisor(tmp_path):
    with nat_server(tmp_path) as server:
        processes = server_processes(server)
        assert len(processes) >= 4, "web server, cluster, and the cluster's worker processes"
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        assert not wait_gone(processes, 20), "processes left running after the supervisor died"
