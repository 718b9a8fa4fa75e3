"""A parameter that is a delay is not a time-based injection, even when it reads the number a
payload carries (`SLEEP(1)` → one second): the same-length control carries the number too, waits as
long, and the input is then left alone by every timing test of the scan."""
from __future__ import annotations

import json

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets.delay_api import SPEC, serving

TIMED = ("sql_injection", "command_injection")


def test_an_input_that_waits_whatever_it_says_is_not_reported_and_costs_one_sequence() -> None:
    with serving() as api:
        outcome = run_scan(ScanConfig(url=api.url, spec=load_spec(json.dumps(SPEC).encode(), base_url=api.url),
                                      options=ScanOptions(checks=TIMED)))
    assert outcome.findings == ()
    details = {task.check: task.detail for task in outcome.tasks if task.check in TIMED}
    assert set(details) == set(TIMED)
    assert all("whatever it says" in detail for detail in details.values()), details
    # Each timing test sends one screening request and one same-length control, both of which wait;
    # seeing the control wait too, it stops there instead of going on to its short and long delays.
    waiting = [seconds for seconds in api.waits if seconds]
    assert len(waiting) <= 2 * len(TIMED), api.waits
