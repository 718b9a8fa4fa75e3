"""How long a scan's bounded parts take: time budget, `should_stop`, a self-delaying input, the vulnerable
scans with their timed and ReDoS tests, and the ReDoS target's answer afterwards.

Run: .venv/bin/python bench/scan_bounds.py
The tests (tests/engine/behaviour/test_budgets_and_stop.py, test_delay_parameters.py,
tests/engine/targets/test_redos_target_answers_after_the_scan.py) pin what happens; this prints how
long it took, next to the figure each was designed for. Every request goes to 127.0.0.1 (the targets
are started here and stopped at the end).
"""
from __future__ import annotations

import json
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scans.engine.checks.timing import timed_timeout  # noqa: E402
from scans.engine.config import ScanConfig, ScanOptions  # noqa: E402
from scans.engine.runner import run_scan  # noqa: E402
from scans.engine.spec import load_spec  # noqa: E402
from tests.targets import delay_api  # noqa: E402
from tests.targets.launcher import RunningTarget  # noqa: E402
from tests.targets.scanning import NOTES_MODULE, SHOP_MODULE, ScanRun, config_for, run_scan_on, start  # noqa: E402


def row(what: str, seconds: float, design: str) -> None:
    print(f"{what:52} {seconds:8.2f}  {design}")


def budgets(notes: RunningTarget) -> None:
    started = time.perf_counter()
    run_scan_on(notes, config_for(notes, max_duration=0.5, rate_limit=10))
    row("time budget 0.5 s, rate 10/s: scan wall", time.perf_counter() - started, "designed: under 3 s")

    asked_at: list[float] = []

    def should_stop() -> bool:
        if not asked_at:
            asked_at.append(time.perf_counter())
        return time.perf_counter() - asked_at[0] > 0.5

    run_scan_on(notes, config_for(notes, rate_limit=4), should_stop=should_stop)
    row("should_stop true after 0.5 s: first ask to return", time.perf_counter() - asked_at[0],
        "designed: under 2.5 s")


def self_delaying_input() -> None:
    with delay_api.serving() as api:
        started = time.perf_counter()
        run_scan(ScanConfig(url=api.url, spec=load_spec(json.dumps(delay_api.SPEC).encode(), base_url=api.url),
                            options=ScanOptions(checks=("sql_injection", "command_injection"))))
        wall = time.perf_counter() - started
    waiting = sum(1 for seconds in api.waits if seconds)
    row(f"input that waits whatever it says ({waiting} waiting answers)", wall, "designed: under 12 s")


def vulnerable_scan(label: str, run: ScanRun) -> None:
    row(f"{label} vulnerable scan: elapsed", run.outcome.elapsed_seconds, "designed: under 60 s")
    longest = max(entry["done"] - entry["at"] for entry in run.log)
    row(f"{label} vulnerable scan: longest request", longest,
        f"designed: under the timed-request timeout, {timed_timeout():.2f} s")


def redos_answer(notes: RunningTarget, run: ScanRun) -> None:
    request = urllib.request.Request(notes.url + "/v1/tags/validate?tag=release-notes",
                                     headers={"Authorization": f"Bearer {run.placeholders()['NAT_TOKEN']}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
    row("ReDoS target after the scan: plain answer", time.perf_counter() - started, "designed: under 1 s")


def main() -> int:
    print(f"{'measure':52} {'wall s':>8}  target")
    notes = start(NOTES_MODULE)
    try:
        budgets(notes)
        self_delaying_input()
        run = run_scan_on(notes, config_for(notes))
        vulnerable_scan("notes", run)
        redos_answer(notes, run)
    finally:
        notes.stop()
    shop = start(SHOP_MODULE)
    try:
        vulnerable_scan("shop", run_scan_on(shop, config_for(shop)))
    finally:
        shop.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
