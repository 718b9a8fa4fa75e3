"""How long `nat` commands take on a new data directory (every CI runner's case), before NAT's own work.

Run: .venv/bin/python bench/cli_startup.py [--repeat N]
Prints the median and spread over N runs of: `nat keys create` on a new data directory (Django set-up,
schema, one user and key), the same on an existing one, and `nat scan` from its start to its first
request at a loopback listener (the scan itself is then cut short). Issue 17's target: first request
within 1.5 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NAT = str(Path(sys.executable).with_name("nat"))


def environment(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NAT_REDIS_URL", "NAT_RC"}}
    env.update(NAT_DATA_DIR=str(data), HOME=str(data))
    return env


def keys_create(data: Path) -> float:
    started = time.perf_counter()
    subprocess.run([NAT, "keys", "create", "--email", "bench@example.com"], env=environment(data),
                   capture_output=True, check=True, timeout=120)
    return time.perf_counter() - started


def first_request(data: Path) -> float:
    """Seconds from starting `nat scan` to the first request reaching the target."""
    arrived = threading.Event()

    class Target(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            arrived.set()
            self.send_response(404)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's signature
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api"
    started = time.perf_counter()
    scan = subprocess.Popen([NAT, "scan", "--url", url], env=environment(data),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not arrived.wait(120):
            raise SystemExit("nat scan sent no request within 120 s")
        return time.perf_counter() - started
    finally:
        scan.kill()
        scan.wait()
        server.shutdown()


def measure(label: str, runs: list[float]) -> None:
    print(f"{label:44} median {statistics.median(runs):6.2f} s   min {min(runs):6.2f}   max {max(runs):6.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    fresh, existing, scans = [], [], []
    for _ in range(args.repeat):
        data = Path(tempfile.mkdtemp())
        try:
            fresh.append(keys_create(data))
            existing.append(keys_create(data))
        finally:
            shutil.rmtree(data)
        data = Path(tempfile.mkdtemp())
        try:
            scans.append(first_request(data))
        finally:
            shutil.rmtree(data)
    measure("nat keys create, new data directory", fresh)
    measure("nat keys create, existing data directory", existing)
    measure("nat scan to its first request, new data dir", scans)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
