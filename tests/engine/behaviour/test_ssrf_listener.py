"""SSRF: the out-of-band listener proves a fetch (at its loopback address, or at the public address
a deployment configures); without it, an internal address's content reflected in the answer is a
weaker finding, labelled so; a target that refuses internal URLs gets neither."""
from __future__ import annotations

import socket

from scans.engine.findings import Confidence
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import config_for, run_scan_on

SSRF = ("ssrf", "redirect_following")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_without_the_listener_an_internal_answer_is_a_low_confidence_finding(notes_target: RunningTarget) -> None:
    run = run_scan_on(notes_target, config_for(notes_target, checks=SSRF, callbacks=False))
    [finding] = run.outcome.findings
    assert (finding.check, finding.method, finding.endpoint, finding.parameter) == ("ssrf", "POST", "/webhooks/test",
                                                                                     "url")
    assert finding.confidence is Confidence.LOW and "internal address answered" in finding.title
    assert "no out-of-band fetch was observed" in finding.why
    skipped = [task for task in run.outcome.tasks if task.check == "redirect_following"]
    assert skipped and all("listener is turned off" in task.detail for task in skipped)


def test_a_configured_public_address_is_the_one_handed_out(notes_target: RunningTarget) -> None:
    port = _free_port()
    config = config_for(notes_target, checks=("ssrf",), callback_url=f"http://localhost:{port}",
                        callback_bind=f"127.0.0.1:{port}")
    run = run_scan_on(notes_target, config)
    [finding] = run.outcome.findings
    assert f"http://localhost:{port}/c/ssrf-" in finding.why and finding.confidence is Confidence.HIGH


def test_a_target_that_refuses_internal_urls_gets_no_ssrf_finding(notes_clean_target: RunningTarget) -> None:
    for callbacks in (True, False):
        run = run_scan_on(notes_clean_target, config_for(notes_clean_target, checks=SSRF, callbacks=callbacks))
        assert run.outcome.findings == ()
        assert [task for task in run.outcome.tasks if task.check == "ssrf" and task.endpoint == "/webhooks/test"]
