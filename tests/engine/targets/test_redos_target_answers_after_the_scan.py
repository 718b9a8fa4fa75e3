"""The ReDoS test leaves its target usable: after the vulnerable scan found the regex, the endpoint it
attacked answers a plain request. How long scans, timed requests and that answer take is measured
by bench/scan_bounds.py."""
from __future__ import annotations

import urllib.request

from tests.targets.launcher import RunningTarget
from tests.targets.scanning import ScanRun


def test_the_redos_target_still_answers_after_the_scan(notes_vulnerable_scan: ScanRun,
                                                        notes_target: RunningTarget) -> None:
    assert any(finding.check == "redos" for finding in notes_vulnerable_scan.outcome.findings)
    token = notes_vulnerable_scan.placeholders()["NAT_TOKEN"]
    request = urllib.request.Request(notes_target.url + "/v1/tags/validate?tag=release-notes",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
