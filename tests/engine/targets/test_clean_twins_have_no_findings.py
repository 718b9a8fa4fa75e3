"""Acceptance: the clean twins have the same endpoints done right, and the scan reports nothing."""
from __future__ import annotations

import pytest

from scans.engine.checks.registry import Agent
from scans.engine.findings import TaskOutcome
from tests.targets.scanning import ScanRun

TESTED = {
    "notes_clean_scan": {
        "bola", "bfla", "auth_bypass", "mass_assignment", "user_enumeration", "no_lockout", "sql_injection",
        "nosql_injection", "command_injection", "template_injection", "path_traversal", "reflected_xss",
        "header_injection", "redos", "ssrf", "redirect_following", "cors_misconfiguration", "verbose_errors",
        "debug_endpoints", "http_trace", "cookie_flags", "old_api_version", "request_size_limit", "no_rate_limit",
        "signup_automation", "unbounded_page_size",
    },
    "shop_clean_scan": {
        "bola", "bfla", "auth_bypass", "mass_assignment", "user_enumeration", "no_lockout", "sql_injection",
        "nosql_injection", "command_injection", "ssrf", "redirect_following", "unbounded_page_size",
        "request_size_limit", "no_rate_limit", "signup_automation",
    },
}
"""Checks whose traps the clean twin holds (a 500 on bad input, a parameter that is a delay, JSON
echo, CORS done right, throttled flows…): they must have run there, not been skipped."""


@pytest.mark.parametrize("fixture", ["notes_clean_scan", "shop_clean_scan"])
def test_clean_twin_gets_zero_findings(fixture: str, request: pytest.FixtureRequest) -> None:
    run: ScanRun = request.getfixturevalue(fixture)
    assert run.outcome.findings == (), [(f.check, f.method, f.endpoint, f.why) for f in run.outcome.findings]


@pytest.mark.parametrize("fixture", ["notes_clean_scan", "shop_clean_scan"])
def test_clean_twin_is_really_tested(fixture: str, request: pytest.FixtureRequest) -> None:
    """Zero findings must come from checks that ran, not from checks that had nothing to do."""
    run: ScanRun = request.getfixturevalue(fixture)
    checks_run = {task.check for task in run.outcome.tasks if task.outcome is not TaskOutcome.SKIPPED}
    assert TESTED[fixture] <= checks_run, TESTED[fixture] - checks_run
    assert not [task for task in run.outcome.tasks if task.status == "error"]
    assert run.outcome.agent_count == len(Agent)
