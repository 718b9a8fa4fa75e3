"""Load on NAT's own API: authenticated `GET /api/v1/scan/{id}` on each database and rate-limit store.

Run: .venv/bin/python bench/api_load.py [--duration 15] [--connections 16] [--stores sqlite,postgres,…]
For each combination asked for (sqlite, sqlite+redis, postgres, postgres+redis) it starts `nat server
start` on a loopback port, as a SaaS deployment runs it (NAT_MODE=saas, two gunicorn web processes of
four threads, no scan workers), on a fresh SQLite file or a scratch PostgreSQL database (--postgres),
with the rate-limit counter in the database cache or in Redis (--redis). Key authentication and the
rate limiter are on: the key's plan gets a limit far above what the run can reach, so every request is
counted and none is refused. The load comes from `wrk` when it is installed (a Lua script sets the
X-API-Key header and spreads the requests over the scans), else from Python client threads. Prints
requests/s, p50/p99 latency and the web processes' CPU time per request for each combination.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server_process import ServerProcess, nat_server  # noqa: E402 - needs ROOT on sys.path first

HIGH_LIMIT = 100_000_000
PLAN = "team"
SCANS = 20
STORES = ("sqlite", "sqlite+redis", "postgres", "postgres+redis")
SEED_SCANS = """
import sys
from accounts.models import ApiKey
from scans.models import Scan
tenant = ApiKey.objects.get().tenant
for n in range({count}):
    print(Scan.objects.create(tenant=tenant, url=f"http://127.0.0.1:9/api/{{n}}", target_key=f"127.0.0.1:9/api/{{n}}").pk)
"""
"""Queued scans created straight in the server's database: no worker runs, so none ever starts."""
WRK_SCRIPT = """
local ids = {{{ids}}}
local counter = 0
wrk.headers["X-API-Key"] = "{key}"
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/v1/scan/" .. ids[counter % #ids + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("NATJSON {{\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d, "
    .. "\\"non2xx\\": %d, \\"errors\\": %d}}\\n", summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), summary.errors.status, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int
    """Responses other than 200 plus connection errors."""
    driver: str
    cpu_seconds: float = 0.0
    """CPU time the server's processes (gunicorn's, not the database's) spent during the load."""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Tally:
    """Latencies and failures shared by the Python client threads."""

    latencies: list[float] = field(default_factory=list)
    failed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (from /proc, Linux only; empty elsewhere)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending += [int(child) for child in children.read_text().split()]
            except OSError:
                continue
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time of `pids`, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else 0.0


def seed(server: ServerProcess) -> tuple[str, list[str]]:
    key = server.create_key("load@example.com", plan=PLAN)
    env = {**server.env, "DJANGO_SETTINGS_MODULE": "nat_site.settings"}
    code = "import django; django.setup()\n" + SEED_SCANS.format(count=SCANS)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True)
    return key, out.stdout.split()


def check_limited(server: ServerProcess, key: str, scan_id: str) -> None:
    """The limiter counts the bench's requests: a GET carries the X-RateLimit headers of the plan."""
    response = requests.get(f"{server.url}/api/v1/scan/{scan_id}", headers={"X-API-Key": key}, timeout=30)
    response.raise_for_status()
    if response.headers.get("X-RateLimit-Limit") != str(HIGH_LIMIT):
        raise RuntimeError(f"rate limiter not counting the bench: {dict(response.headers)}")


def with_wrk(url: str, key: str, ids: list[str], duration: float, connections: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT.format(ids=", ".join(f'"{scan_id}"' for scan_id in ids), key=key))
        script.flush()
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration:.0f}s", "--timeout", "10s",
             "-s", script.name, url],
            capture_output=True, text=True, timeout=duration + 60, check=True,
        ).stdout
    line = next(line for line in out.splitlines() if line.startswith("NATJSON "))
    stats = json.loads(line.removeprefix("NATJSON "))
    return Result(requests=stats["requests"], seconds=stats["duration_us"] / 1e6, p50_ms=stats["p50_us"] / 1000,
                  p99_ms=stats["p99_us"] / 1000, failed=stats["non2xx"] + stats["errors"], driver="wrk")


def with_threads(url: str, key: str, ids: list[str], duration: float, connections: int) -> Result:
    tally = Tally()
    deadline = time.monotonic() + duration

    def client(seed: int) -> None:
        chooser = random.Random(seed)
        session = requests.Session()
        session.headers["X-API-Key"] = key
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = session.get(f"{url}/api/v1/scan/{chooser.choice(ids)}", timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            with tally.lock:
                tally.latencies.append(time.perf_counter() - started)
                tally.failed += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(requests=len(tally.latencies), seconds=time.monotonic() - started,
                  p50_ms=percentile(tally.latencies, .5) * 1000, p99_ms=percentile(tally.latencies, .99) * 1000,
                  failed=tally.failed, driver="python threads")


def run(store: str, args: argparse.Namespace) -> Result:
    database, _, rate_store = store.partition("+")
    extra_env = {"NAT_MODE": "saas", "NAT_PLANS": json.dumps({PLAN: {"requests_per_minute": HIGH_LIMIT}}),
                 "NAT_LOG_LEVEL": "WARNING"}
    if rate_store == "redis":
        extra_env["NAT_REDIS_URL"] = args.redis
    saved = os.environ.pop("DATABASE_URL", None)
    if database == "postgres":
        os.environ["DATABASE_URL"] = args.postgres
    try:
        with tempfile.TemporaryDirectory() as scratch, \
                nat_server(Path(scratch), workers=0, extra_env=extra_env) as server:
            key, ids = seed(server)
            check_limited(server, key, ids[0])
            drive = with_wrk if shutil.which("wrk") and not args.python_client else with_threads
            processes = descendants(server.process.pid)
            before = cpu_seconds(processes)
            result = drive(server.url, key, ids, args.duration, args.connections)
            result.cpu_seconds = cpu_seconds(processes) - before
            return result
    finally:
        os.environ.pop("DATABASE_URL", None)
        if saved is not None:
            os.environ["DATABASE_URL"] = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of load each (default: %(default)s)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default: %(default)s)")
    parser.add_argument("--stores", default=",".join(STORES), help="combinations to run (default: %(default)s)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server to make a scratch database on (default: %(default)s)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7", help="Redis for +redis (default: %(default)s)")
    parser.add_argument("--python-client", action="store_true", help="Python threads even when wrk is installed")
    args = parser.parse_args()
    stores = [store.strip() for store in args.stores.split(",") if store.strip()]
    unknown = set(stores) - set(STORES)
    if unknown:
        parser.error(f"unknown --stores {sorted(unknown)}; choose from {', '.join(STORES)}")
    print(f"GET /api/v1/scan/{{id}}, NAT_MODE=saas, 2 web processes, {args.connections} connections, "
          f"{args.duration:.0f} s each")
    print(f"{'store':16} {'driver':15} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} "
          f"{'web CPU ms/req':>15}")
    for store in stores:
        result = run(store, args)
        cost = result.cpu_seconds * 1000 / result.requests if result.requests else 0.0
        print(f"{store:16} {result.driver:15} {result.requests:9d} {result.per_second:8.1f} {result.p50_ms:8.1f} "
              f"{result.p99_ms:8.1f} {result.failed:7d} {cost:15.2f}", flush=True)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other work on the machine lowers req/s; "
          "web CPU ms/req is the servers' own cost)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
