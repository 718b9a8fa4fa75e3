"""The engine against the hostile target: one request through the scan's HTTP client, or a full
scan summed up in figures with this process's peak RSS.

`python -m tests.targets.hostile_scan URL` prints the scan's figures as one JSON line: the memory
test runs it in a subprocess so that the peak is the scan's own, and bench/hostile_targets.py too.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from typing import Any

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.http.client import HttpClient
from scans.engine.http.control import ScanControl
from scans.engine.http.exclude import ExcludeRules
from scans.engine.http.ratelimit import RateLimiter
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Call, Reply
from scans.engine.http.safety import CreatedObjects, SafetyGuard
from scans.engine.identity.identity import Identity, IdentityOrigin
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec

ANONYMOUS = Identity("anonymous", origin=IdentityOrigin.ANONYMOUS)


def client_for(url: str, *, timeout: float) -> HttpClient:
    """The scan's HTTP client for the API at `url`, `timeout` being the scan's per-request timeout."""
    return HttpClient(root=url, control=ScanControl(), redactor=Redactor(), guard=SafetyGuard(CreatedObjects()),
                      exclude=ExcludeRules([]), rate_limiter=RateLimiter(None), timeout=timeout, pool_size=2)


def send(url: str, path: str, *, timeout: float, query: tuple[tuple[str, str], ...] = ()) -> Reply:
    """GET `path` of the API at `url` as a scan sends it, anonymously."""
    client = client_for(url, timeout=timeout)
    try:
        return client.send(Call("GET", path, template=path, query=query), ANONYMOUS)
    finally:
        client.close()


def scan_figures(url: str, *, timeout: float, concurrency: int) -> dict[str, Any]:
    """Scan the hostile API at `url` with every check; what it did, and the peak RSS so far (MB)."""
    started = time.monotonic()
    config = ScanConfig(url=url, spec=load_spec(url + "/openapi.json", base_url=url),
                        options=ScanOptions(timeout=timeout, concurrency=concurrency))
    outcome = run_scan(config)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "requests": outcome.requests_sent,
        "tasks": len(outcome.tasks),
        "statuses": dict(Counter(task.status for task in outcome.tasks)),
        "errors": [f"{task.check} {task.method} {task.endpoint}: {task.detail}" for task in outcome.tasks
                   if task.status == "error"],
        "findings": len(outcome.findings),
        "stopped": outcome.stopped,
        "peak_rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> int:
    """This process's peak RSS since it started its program. Not `getrusage`'s `ru_maxrss`: that
    also counts the parent's RSS at the fork, however big it was."""
    with open("/proc/self/status", encoding="ascii") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return peak_kb // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--timeout", type=float, default=2.0, help="the scan's per-request timeout (s)")
    parser.add_argument("--concurrency", type=int, default=5)
    args = parser.parse_args()
    json.dump(scan_figures(args.url, timeout=args.timeout, concurrency=args.concurrency), sys.stdout)
    print()


if __name__ == "__main__":
    main()
