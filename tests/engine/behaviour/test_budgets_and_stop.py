"""Budgets end a scan with what it has and a warning; `should_stop` ends it, and its requests with it.
How quickly each ends is measured by bench/scan_bounds.py."""
from __future__ import annotations

import time

from tests.targets.launcher import RunningTarget
from tests.targets.scanning import config_for, run_scan_on


def test_request_budget_caps_what_the_target_receives(notes_target: RunningTarget) -> None:
    run = run_scan_on(notes_target, config_for(notes_target, max_requests=40))
    assert run.outcome.requests_sent == 40
    assert len(run.log) <= 40
    assert any("request budget of 40 exhausted" in warning for warning in run.outcome.warnings)
    assert not run.outcome.stopped


def test_time_budget_spent_in_recon_says_no_check_ran(notes_target: RunningTarget) -> None:
    run = run_scan_on(notes_target, config_for(notes_target, max_duration=0.5, rate_limit=10))
    assert any("before recon finished" in warning for warning in run.outcome.warnings)
    assert not [task for task in run.outcome.tasks if task.agent != "recon"]


def test_should_stop_ends_the_scan_and_no_request_follows(notes_target: RunningTarget) -> None:
    asked_at: list[float] = []

    def should_stop() -> bool:
        if not asked_at:
            asked_at.append(time.monotonic())
        return time.monotonic() - asked_at[0] > 0.5

    config = config_for(notes_target, rate_limit=4)
    notes_target.reset_log()
    run = run_scan_on(notes_target, config, should_stop=should_stop)
    assert run.outcome.stopped and run.outcome.stop_reason
    time.sleep(0.6)
    assert len(notes_target.log()) == len(run.log), "requests went on after the scan returned"
