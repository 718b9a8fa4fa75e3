"""Load on NAT's own API: authenticated `GET /scan/{id}` and `POST /scan` from client threads.

Run: .venv/bin/python bench/api_load.py [--duration 20] [--threads 8] [--post-share 0.2]
Starts `nat server start` on a loopback port (fresh SQLite, or a scratch PostgreSQL database when
DATABASE_URL is set; Redis for the rate-limit counter when NAT_REDIS_URL is set) with two web
processes of four threads and no scan workers, so the scans it creates never run. Key authentication and the rate limiter are on: the
self-hosted plan gets a limit far above what the run can reach, so every request is counted and
none is refused. Prints requests/s and p50/p90/p99 latency per endpoint and overall.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server_process import nat_server  # noqa: E402 - needs ROOT on sys.path first

HIGH_LIMIT = 100_000_000
TARGET = "http://127.0.0.1:9/api"
"""Where the created scans point; no worker runs, so nothing ever connects to it."""


@dataclass
class Tally:
    """Latencies and outcomes of one endpoint, shared by the client threads."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    unlimited: int = 0
    """Responses without X-RateLimit-Remaining: the limiter did not count them."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, response: requests.Response) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[response.status_code] += 1
            if "X-RateLimit-Remaining" not in response.headers:
                self.unlimited += 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else 0.0


def client(base: str, key: str, scan_ids: list[str], post_share: float, deadline: float,
           tallies: dict[str, Tally], seed: int) -> None:
    chooser = random.Random(seed)
    session = requests.Session()
    session.headers["X-API-Key"] = key
    while time.monotonic() < deadline:
        if chooser.random() < post_share:
            name = "POST /scan"
            started = time.perf_counter()
            response = session.post(f"{base}/api/v1/scan", json={"url": TARGET}, timeout=30)
        else:
            name = "GET /scan/{id}"
            started = time.perf_counter()
            response = session.get(f"{base}/api/v1/scan/{chooser.choice(scan_ids)}", timeout=30)
        tallies[name].add(time.perf_counter() - started, response)


def report(tallies: dict[str, Tally], elapsed: float) -> None:
    print(f"{'endpoint':16} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}  statuses")
    every: list[float] = []
    for name, tally in sorted(tallies.items()):
        every += tally.latencies
        print(f"{name:16} {len(tally.latencies):9d} {len(tally.latencies) / elapsed:8.1f} "
              f"{percentile(tally.latencies, .5) * 1000:8.1f} {percentile(tally.latencies, .9) * 1000:8.1f} "
              f"{percentile(tally.latencies, .99) * 1000:8.1f}  {dict(tally.statuses)}")
    print(f"{'all':16} {len(every):9d} {len(every) / elapsed:8.1f} {percentile(every, .5) * 1000:8.1f} "
          f"{percentile(every, .9) * 1000:8.1f} {percentile(every, .99) * 1000:8.1f}  "
          f"mean {statistics.fmean(every) * 1000 if every else 0:.1f} ms")
    uncounted = sum(tally.unlimited for tally in tallies.values())
    refused = sum(tally.statuses.get(429, 0) for tally in tallies.values())
    print(f"rate limiter: {'on' if not uncounted else f'MISSING on {uncounted} responses'}, {refused} refused")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=8, help="client threads (default: %(default)s)")
    parser.add_argument("--post-share", type=float, default=0.2, help="share of POST /scan (default: %(default)s)")
    args = parser.parse_args()
    plans = f'{{"self_hosted": {{"requests_per_minute": {HIGH_LIMIT}}}}}'
    extra_env = {"NAT_PLANS": plans, "NAT_LOG_LEVEL": "WARNING"}
    if os.environ.get("NAT_REDIS_URL"):
        extra_env["NAT_REDIS_URL"] = os.environ["NAT_REDIS_URL"]
    with tempfile.TemporaryDirectory() as scratch, \
            nat_server(Path(scratch), workers=0, extra_env=extra_env) as server:
        key = server.create_key("load@example.com")
        seed = requests.Session()
        seed.headers["X-API-Key"] = key
        scan_ids = [seed.post(f"{server.url}/api/v1/scan", json={"url": TARGET}, timeout=30).json()["scan_id"]
                    for _ in range(20)]
        print(f"NAT at {server.url} ({'PostgreSQL' if 'DATABASE_URL' in server.env else 'SQLite'}, "
              f"{'Redis' if 'NAT_REDIS_URL' in extra_env else 'database'} rate-limit counter); "
              f"{args.threads} client threads for {args.duration:.0f} s")
        tallies: dict[str, Tally] = defaultdict(Tally)
        deadline = time.monotonic() + args.duration
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(server.url, key, scan_ids, args.post_share, deadline, tallies, n))
                   for n in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(tallies, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
