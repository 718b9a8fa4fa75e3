"""Operations named to reset, drop or purge state never run in safe mode, and run last otherwise."""
from __future__ import annotations

from scans.engine.findings import TaskOutcome
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import config_for, run_scan_on

RESET = "/v1/admin/reset-demo-data"


def test_safe_mode_never_sends_a_wiping_operation_and_says_what_it_skipped(notes_clean_target: RunningTarget) -> None:
    run = run_scan_on(notes_clean_target, config_for(notes_clean_target, checks=("bfla",)))
    assert not [entry for entry in run.log if entry["path"] == RESET]
    task = next(task for task in run.outcome.tasks if task.endpoint == "/admin/reset-demo-data")
    assert task.outcome is TaskOutcome.NOT_TRIED and "allow_destructive" in task.detail


def test_with_allow_destructive_the_wiping_operation_runs_after_everything_else(
    notes_clean_target: RunningTarget,
) -> None:
    run = run_scan_on(notes_clean_target, config_for(notes_clean_target, checks=("bfla", "bola"),
                                                      allow_destructive=True))
    resets = [entry for entry in run.log if entry["path"] == RESET]
    assert resets
    first_reset = min(entry["at"] for entry in resets)
    assert all(entry["done"] <= first_reset for entry in run.log if entry["path"] != RESET)
