"""A scan reports each task with the outcome it had: a confirmed BOLA is found, a wiping read is not
tried, a probe judged on state the target wiped is unconfirmed, a TLS check on plain HTTP is skipped,
a probe that raises is an error, a time-based test past the timing budget is not tried; the results
count them by member."""
from __future__ import annotations

from typing import NoReturn

import pytest

from scans.engine.checks import bola, timed_inputs
from scans.engine.checks.timing import BudgetSpent
from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.findings import TaskOutcome
from scans.engine.outcome import ScanOutcome
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.reset_api import serving

ALICE = AuthConfig(type="login", login_url="/api/auth/login",
                   login_body={"username": "alice", "password": "alice-pass-1"}, token_path="token")


def _scan(*checks: str, reset_on_foreign_write: bool = False) -> ScanOutcome:
    with serving(reset_on_foreign_write=reset_on_foreign_write) as api:
        spec = load_spec(api.spec, base_url=api.url)
        return Scan(ScanConfig(url=api.url, spec=spec, auth=ALICE, options=ScanOptions(checks=checks))).run()


def _outcome(scan: ScanOutcome, check: str, method: str, endpoint: str) -> TaskOutcome:
    return next(task.outcome for task in scan.tasks
                if (task.check, task.method, task.endpoint) == (check, method, endpoint))


def test_a_scan_reports_found_passed_not_tried_and_skipped_where_each_applies() -> None:
    scan = _scan("bola", "bfla", "hsts_missing")
    assert _outcome(scan, "bola", "PATCH", "/notes/{id}") is TaskOutcome.FOUND
    assert _outcome(scan, "bola", "GET", "/notes/{id}") is TaskOutcome.PASSED
    assert _outcome(scan, "recon", "GET", "/admin/reset-db") is TaskOutcome.NOT_TRIED
    assert _outcome(scan, "bfla", "GET", "/admin/reset-db") is TaskOutcome.NOT_TRIED
    assert {task.outcome for task in scan.tasks if task.check == "hsts_missing"} == {TaskOutcome.SKIPPED}
    results = scan.to_dict()
    outcomes = [task["outcome"] for task in results["tasks"]]
    assert results["skipped"] == outcomes.count("skipped") >= 1
    assert results["not_tried"] == outcomes.count("not_tried") >= 2
    assert results["passed"] == outcomes.count("passed") + outcomes.count("skipped")
    assert results["passed"] + results["failed"] == results["total"] == len(scan.tasks)


def test_probes_on_state_the_target_wiped_are_unconfirmed_not_passed() -> None:
    scan = _scan("bola", reset_on_foreign_write=True)
    assert _outcome(scan, "bola", "PATCH", "/notes/{id}") is TaskOutcome.UNCONFIRMED
    assert scan.findings == ()


def test_a_probe_that_raises_is_an_error_task_and_the_scan_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("broken probe")

    monkeypatch.setattr(bola, "_read", broken)
    scan = _scan("bola")
    assert _outcome(scan, "bola", "GET", "/notes/{id}") is TaskOutcome.ERROR
    assert _outcome(scan, "bola", "PATCH", "/notes/{id}") is TaskOutcome.FOUND
    assert [task["outcome"] for task in scan.to_dict()["tasks"]].count("error") == 1


def test_time_based_tests_past_the_timing_budget_are_not_tried_not_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    def spent(*args: object, **kwargs: object) -> NoReturn:
        raise BudgetSpent("the scan's timing budget is spent")

    monkeypatch.setattr(timed_inputs, "prove_delay", spent)
    scan = _scan("sql_injection", "command_injection")
    timed = [task for task in scan.tasks if task.check in ("sql_injection", "command_injection")
             and task.method == "POST"]
    assert timed and {task.outcome for task in timed} == {TaskOutcome.NOT_TRIED}
