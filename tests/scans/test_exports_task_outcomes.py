"""Exports say how each task ended: JUnit makes skipped and not-tried tasks skipped test cases (an error
an error, an unconfirmed candidate no failure), SARIF gives errored, not-tried and unconfirmed tasks as
tool execution notifications (no alerts), and the Markdown summary counts skipped and not tried."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from scans.exports import junit_report, markdown_report, sarif_report
from scans.exports.sample import sample_report

REPO = Path(__file__).resolve().parents[2]
MULTITOOL = next(iter(sorted(REPO.glob("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"))), None)
OUTCOMES = ("found", "passed", "skipped", "not_tried", "unconfirmed", "error")
STATUS = {"found": "failed", "passed": "passed", "skipped": "passed", "not_tried": "failed",
          "unconfirmed": "failed", "error": "error"}


def _report() -> dict[str, Any]:
    tasks = [{"check": f"check_{outcome}", "agent": "authorization", "method": "GET", "endpoint": "/notes/{id}",
              "status": STATUS[outcome], "outcome": outcome, "duration": 0.1, "detail": f"why {outcome}"}
             for outcome in OUTCOMES]
    return {**sample_report(), "tasks": tasks, "passed": 2, "failed": 4, "skipped": 1, "not_tried": 1, "total": 6}


def _cases() -> dict[str, ElementTree.Element]:
    suite = ElementTree.fromstring(junit_report.render(_report())).find("testsuite")
    assert suite is not None
    return {case.get("name", "").split()[0]: case for case in suite.findall("testcase")}


def test_junit_skips_skipped_and_not_tried_tasks_with_their_reason() -> None:
    cases = _cases()
    assert {name for name, case in cases.items() if case.find("skipped") is not None} == {
        "check_skipped", "check_not_tried"}
    skipped, not_tried = cases["check_skipped"].find("skipped"), cases["check_not_tried"].find("skipped")
    assert skipped is not None and skipped.get("message") == "skipped: why skipped"
    assert not_tried is not None and not_tried.get("message") == "not tried: why not_tried"
    suite = ElementTree.fromstring(junit_report.render(_report())).find("testsuite")
    assert suite is not None and (suite.get("skipped"), suite.get("errors")) == ("2", "1")


def test_junit_keeps_errors_errors_and_an_unconfirmed_task_no_failure() -> None:
    cases = _cases()
    assert cases["check_error"].find("error") is not None
    assert cases["check_unconfirmed"].find("failure") is None and cases["check_unconfirmed"].find("skipped") is None


def _sarif() -> dict[str, Any]:
    return json.loads(sarif_report.render(_report()))


def test_sarif_notifies_errored_not_tried_and_unconfirmed_tasks_without_alerts() -> None:
    run = _sarif()["runs"][0]
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert {(n["properties"]["outcome"], n["level"]) for n in notifications} == {
        ("error", "error"), ("not_tried", "warning"), ("unconfirmed", "note")}
    descriptors = run["tool"]["driver"]["notifications"]
    assert all(descriptors[n["descriptor"]["index"]]["id"] == n["descriptor"]["id"] for n in notifications)
    assert [result["ruleId"] for result in run["results"]] == ["bola"], "tasks are no results; findings are"


def test_sarif_with_task_notifications_is_valid(tmp_path: Path) -> None:
    assert MULTITOOL is not None, "Microsoft's SARIF validator is missing: run scripts/bootstrap (npm ci)"
    path, out = tmp_path / "report.sarif", tmp_path / "validation.sarif"
    path.write_bytes(sarif_report.render(_report()))
    subprocess.run([str(MULTITOOL), "validate", str(path), "--output", str(out)], check=True, capture_output=True,
                   timeout=120)
    problems = json.loads(out.read_text())["runs"][0]["results"]
    assert [problem for problem in problems if problem.get("level") == "error"] == []


def test_markdown_counts_skipped_and_not_tried_tasks() -> None:
    text = markdown_report.render(_report()).decode()
    assert "2 passed (1 skipped), 4 failed (1 not tried), 6 total" in text
