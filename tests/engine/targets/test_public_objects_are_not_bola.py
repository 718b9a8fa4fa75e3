"""Public is not broken: an object anonymous can read is never reported as BOLA, though another
identity reads it too (the shop's reviews are shareable by link)."""
from __future__ import annotations

import pytest

from tests.targets.scanning import ScanRun


@pytest.mark.parametrize("fixture", ["shop_vulnerable_scan", "shop_clean_scan"])
def test_publicly_readable_objects_are_tested_and_not_reported(fixture: str, request: pytest.FixtureRequest) -> None:
    run: ScanRun = request.getfixturevalue(fixture)
    tasks = [task for task in run.outcome.tasks if task.check == "bola" and task.endpoint == "/reviews/{id}/"]
    assert tasks and all(task.status == "passed" and "is public" in task.detail for task in tasks)
    assert not [finding for finding in run.outcome.findings if finding.endpoint == "/reviews/{id}/"]
