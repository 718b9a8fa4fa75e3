"""Task outcomes are one closed set: each maps to the SPEC's coarse status, the verdict helpers yield
their own member, and the results' counts come from the members, never from a task's wording."""
from __future__ import annotations

import pytest

from scans.engine.checks.context import Verdict, found, not_tried, passed, skipped, unconfirmed
from scans.engine.findings import Confidence, Finding, Severity, TaskOutcome, TaskResult
from scans.engine.outcome import outcome_counts
from scans.engine.owasp import Owasp


@pytest.mark.parametrize(("outcome", "status"), [
    (TaskOutcome.FOUND, "failed"),
    (TaskOutcome.PASSED, "passed"),
    (TaskOutcome.SKIPPED, "passed"),
    (TaskOutcome.NOT_TRIED, "failed"),
    (TaskOutcome.UNCONFIRMED, "failed"),
    (TaskOutcome.ERROR, "error"),
])
def test_each_outcome_keeps_the_status_the_spec_counts_it_under(outcome: TaskOutcome, status: str) -> None:
    task = TaskResult("bola", "/notes/{id}", "GET", outcome, 0.1, "why", "authorization")
    assert task.status == status
    assert task.to_dict()["status"] == status and task.to_dict()["outcome"] == outcome.value


def test_functional_verdicts_map_to_passed_found_and_error() -> None:
    assert [TaskOutcome.from_status(status) for status in ("passed", "failed", "error")] == [
        TaskOutcome.PASSED, TaskOutcome.FOUND, TaskOutcome.ERROR]


def _finding() -> Finding:
    return Finding(check="bola", title="BOLA", severity=Severity.HIGH, score=80, owasp=Owasp.API1, cwe="CWE-639",
                   method="GET", endpoint="/notes/{id}", parameter="id", description="d", evidence=(), curl="",
                   remediation="r", confidence=Confidence.HIGH, identity="bob", why="bob read alice's note")


@pytest.mark.parametrize(("verdict", "outcome"), [
    (passed("refused"), TaskOutcome.PASSED),
    (skipped("no second identity"), TaskOutcome.SKIPPED),
    (not_tried("safe mode"), TaskOutcome.NOT_TRIED),
    (unconfirmed("did not repeat"), TaskOutcome.UNCONFIRMED),
])
def test_each_verdict_helper_yields_its_member_and_keeps_the_detail_as_said(verdict: Verdict,
                                                                            outcome: TaskOutcome) -> None:
    assert verdict.outcome is outcome and verdict.findings == ()
    assert ":" not in verdict.detail


def test_a_found_verdict_carries_its_finding_and_says_why() -> None:
    verdict = found(_finding())
    assert verdict.outcome is TaskOutcome.FOUND and len(verdict.findings) == 1
    assert verdict.detail == "bob read alice's note"


def test_counts_keep_passed_plus_failed_the_total_with_skipped_and_not_tried_beside() -> None:
    outcomes = [TaskOutcome.PASSED] * 3 + [TaskOutcome.SKIPPED] * 2 + [TaskOutcome.NOT_TRIED] * 4 + [
        TaskOutcome.FOUND, TaskOutcome.UNCONFIRMED, TaskOutcome.ERROR]
    assert outcome_counts(outcomes) == {"passed": 5, "failed": 7, "skipped": 2, "not_tried": 4}
