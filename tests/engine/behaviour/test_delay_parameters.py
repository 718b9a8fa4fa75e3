"""A parameter that is a delay is not a time-based injection, even when it reads the number a
payload carries (`SLEEP(1)` → one second): the same-length control carries the number too, waits as
long, and the input is then left alone by every timing test of the scan."""
from __future__ import annotations

import json
import time

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets.delay_api import SPEC, serving

TIMED = ("sql_injection", "command_injection")


def test_an_input_that_waits_whatever_it_says_is_not_reported_and_costs_one_sequence() -> None:
    with serving() as url:
        started = time.monotonic()
        outcome = run_scan(ScanConfig(url=url, spec=load_spec(json.dumps(SPEC).encode(), base_url=url),
                                      options=ScanOptions(checks=TIMED)))
        elapsed = time.monotonic() - started
    assert outcome.findings == ()
    details = {task.check: task.detail for task in outcome.tasks if task.check in TIMED}
    assert set(details) == set(TIMED)
    assert all("whatever it says" in detail for detail in details.values()), details
    # One screening request, one control (about a second each), then every timing test skips it.
    assert elapsed < 12, f"the scan took {elapsed:.1f} s"
