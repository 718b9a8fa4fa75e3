"""Starting a scan: the target must answer, the description may be discovered, checks may be chosen."""
from __future__ import annotations

import dataclasses
import socket
import threading

import pytest

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.errors import EngineError, SpecMissing, TargetUnreachable
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import config_for, identities


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_target_that_does_not_answer_fails_the_scan(notes_clean_target: RunningTarget) -> None:
    description = load_spec(notes_clean_target.spec_url, base_url=notes_clean_target.url)
    config = ScanConfig(url=f"http://127.0.0.1:{_closed_port()}", spec=description)
    with pytest.raises(TargetUnreachable, match="unreachable"):
        run_scan(config)


def test_the_description_is_found_on_the_target_when_none_is_given(shop_clean_target: RunningTarget) -> None:
    primary, _ = identities(shop_clean_target)
    config = ScanConfig(url=shop_clean_target.url, auth=primary, options=ScanOptions(checks=("auth_bypass",)))
    outcome = run_scan(config)
    assert {task.endpoint for task in outcome.tasks if task.check == "auth_bypass"} >= {"/orders/", "/users/me/"}


def test_no_description_anywhere_fails_the_scan_saying_so(notes_clean_target: RunningTarget) -> None:
    with pytest.raises(SpecMissing, match="spec_url"):
        run_scan(ScanConfig(url=notes_clean_target.url + "/v1/health"))


def test_one_check_runs_alone_and_unknown_names_fail(notes_target: RunningTarget) -> None:
    outcome = run_scan(config_for(notes_target, checks=("bfla",)))
    assert {task.check for task in outcome.tasks} == {"recon", "bfla"}
    assert {finding.check for finding in outcome.findings} == {"bfla"}
    with pytest.raises(EngineError, match="unknown check"):
        run_scan(dataclasses.replace(config_for(notes_target), options=ScanOptions(checks=("bola", "nope"))))


class Recorder:
    def __init__(self) -> None:
        self.threads: set[int] = set()
        self.plans: list[int] = []
        self.tasks: list = []
        self.findings: list = []
        self.warnings: list[str] = []

    def _seen(self) -> None:
        self.threads.add(threading.get_ident())

    def on_plan(self, total: int) -> None:
        self._seen()
        self.plans.append(total)

    def on_task(self, task) -> None:
        self._seen()
        self.tasks.append(task)

    def on_finding(self, finding) -> None:
        self._seen()
        self.findings.append(finding)

    def on_warning(self, message: str) -> None:
        self._seen()
        self.warnings.append(message)


def test_listener_hears_everything_live_from_the_calling_thread(notes_target: RunningTarget) -> None:
    listener = Recorder()
    outcome = run_scan(config_for(notes_target, checks=("bola", "bfla", "jwt_weak_secret")), listener=listener)
    assert listener.threads == {threading.get_ident()}
    assert listener.tasks == list(outcome.tasks) and listener.findings == list(outcome.findings)
    assert listener.plans[:-1] == sorted(listener.plans[:-1]) and listener.plans[-1] == len(outcome.tasks)
    assert listener.warnings == list(outcome.warnings)


def test_public_only_refuses_a_loopback_target_at_connect_time(notes_clean_target: RunningTarget) -> None:
    config = config_for(notes_clean_target, public_only=True)
    notes_clean_target.reset_log()
    with pytest.raises(TargetUnreachable, match="refused to connect"):
        run_scan(config)
    assert notes_clean_target.log() == []
