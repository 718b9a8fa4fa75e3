"""The engine against the hostile API: what each hostile answer and description ends as, then a full
scan's wall time, requests and peak RSS.

Run: .venv/bin/python bench/hostile_targets.py [--timeout S] [--concurrency C]
The hostile API (tests/targets/hostile.py) is started on 127.0.0.1 and stopped at the end; the full
scan runs in a process of its own so that its peak RSS is the scan's alone.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scans.engine.spec import SpecError, load_spec  # noqa: E402
from scans.engine.spec import source as source_module  # noqa: E402
from tests.targets.hostile import openapi, start_hostile  # noqa: E402
from tests.targets.hostile_scan import peak_rss_mb, send  # noqa: E402

SPECS = ("/specs/drip.json", "/specs/gzip-bomb.json", "/specs/huge.json", "/specs/redirect-loop.json",
         "/big-headers")


def answers(url: str, timeout: float) -> None:
    print(f"{'answer':16} {'status':>6} {'bytes':>9} {'cut':>4} {'wall s':>7}  error / JSON")
    for path in openapi()["paths"]:
        started = time.perf_counter()
        reply = send(url, path, timeout=timeout)
        wall = time.perf_counter() - started
        detail = reply.error or ("JSON" if reply.is_json else "not JSON")
        print(f"{path:16} {reply.status:6d} {len(reply.body):9,d} {'yes' if reply.truncated else 'no':>4} "
              f"{wall:7.2f}  {detail}")


def descriptions(url: str, timeout: float) -> None:
    source_module.FETCH_DEADLINE = timeout
    print(f"\n{'description':26} {'wall s':>7}  refusal (fetch deadline {timeout:g} s)")
    for path in SPECS:
        started = time.perf_counter()
        try:
            load_spec(url + path)
            outcome = "loaded"
        except SpecError as error:
            outcome = error.message
        print(f"{path:26} {time.perf_counter() - started:7.2f}  {outcome}")


def full_scan(url: str, timeout: float, concurrency: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "tests.targets.hostile_scan", url, "--timeout", str(timeout),
         "--concurrency", str(concurrency)],
        capture_output=True, text=True, cwd=ROOT, env=env, check=True,
    )
    figures = json.loads(run.stdout.splitlines()[-1])
    print(f"\nfull scan (timeout {timeout:g} s, concurrency {concurrency}): {figures['seconds']} s, "
          f"{figures['requests']} requests, {figures['tasks']} tasks {figures['statuses']}, "
          f"{len(figures['errors'])} errors, {figures['findings']} findings, peak RSS {figures['peak_rss_mb']} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--timeout", type=float, default=2.0, help="the scan's per-request timeout (s)")
    parser.add_argument("--concurrency", type=int, default=5)
    args = parser.parse_args()
    target = start_hostile()
    try:
        answers(target.url, args.timeout)
        descriptions(target.url, args.timeout)
        full_scan(target.url, args.timeout, args.concurrency)
    finally:
        target.stop()
    print(f"\nthis process's peak RSS (the single answers above): {peak_rss_mb()} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
