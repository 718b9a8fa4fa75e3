"""Safe mode: no state-changing request ever aims at an object the scan did not create."""
from __future__ import annotations

import pytest

from scans.engine.model import SAFE_METHODS
from tests.targets.scanning import ScanRun

SCANS = ["notes_vulnerable_scan", "shop_vulnerable_scan", "notes_clean_scan", "shop_clean_scan"]


@pytest.mark.parametrize("fixture", SCANS)
def test_target_never_receives_a_change_to_a_seeded_object(fixture: str, request: pytest.FixtureRequest) -> None:
    run: ScanRun = request.getfixturevalue(fixture)
    changes = [entry for entry in run.log if entry["method"] not in SAFE_METHODS]
    assert changes, "the scan changed nothing at all: the assertion below would prove nothing"
    assert [entry for entry in changes if entry["seeded_target"]] == []


@pytest.mark.parametrize("fixture", SCANS)
def test_engine_traffic_changes_only_objects_it_created(fixture: str, request: pytest.FixtureRequest) -> None:
    run: ScanRun = request.getfixturevalue(fixture)
    created = run.scan.kb.created
    object_changes = [
        entry for entry in run.scan.client.traffic
        if entry.method in ("PUT", "PATCH", "DELETE") and "{" in entry.template
    ]
    assert object_changes
    root = run.scan.client.root
    foreign = [entry.url for entry in object_changes if not created.owns(entry.url[len(root):].split("?", 1)[0])]
    assert foreign == []


def test_deleting_needs_a_scan_created_object(notes_vulnerable_scan: ScanRun) -> None:
    deletes = [entry for entry in notes_vulnerable_scan.log if entry["method"] == "DELETE"]
    assert deletes and not any(entry["seeded_target"] for entry in deletes)
