"""Time-based and ReDoS tests stay bounded: the vulnerable scans end well within a minute; on the
notes API (no database locks that could hold other requests back) no request takes longer than
the timeout the timing tests give theirs; and the target whose regex was attacked still answers at
once afterwards."""
from __future__ import annotations

import time
import urllib.request

import pytest

from scans.engine.checks.timing import timed_timeout
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import ScanRun


@pytest.mark.parametrize("fixture", ["notes_vulnerable_scan", "shop_vulnerable_scan"])
def test_a_vulnerable_scan_ends_within_a_minute(fixture: str, request: pytest.FixtureRequest) -> None:
    run: ScanRun = request.getfixturevalue(fixture)
    assert run.outcome.elapsed_seconds < 60
    assert any("time-based" in finding.title or finding.check == "redos" for finding in run.outcome.findings)


def test_no_request_waits_longer_than_a_timed_request_may(notes_vulnerable_scan: ScanRun) -> None:
    longest = max(entry["done"] - entry["at"] for entry in notes_vulnerable_scan.log)
    assert longest < timed_timeout(), f"a request took {longest:.2f} s"


def test_the_redos_target_still_answers_at_once_after_the_scan(notes_vulnerable_scan: ScanRun,
                                                               notes_target: RunningTarget) -> None:
    assert any(finding.check == "redos" for finding in notes_vulnerable_scan.outcome.findings)
    token = notes_vulnerable_scan.placeholders()["NAT_TOKEN"]
    request = urllib.request.Request(notes_target.url + "/v1/tags/validate?tag=release-notes",
                                     headers={"Authorization": f"Bearer {token}"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200
    assert time.monotonic() - started < 1.0
