"""The sign-up probe of mass assignment believes only the new account read back: an answer that
echoes `role: admin` is a finding when logging in as that account shows the role, "not persisted"
when it shows the plain role, and unconfirmed (with the reason) when the account cannot be read."""
from __future__ import annotations

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.findings import TaskOutcome
from scans.engine.scan import Scan, ScanOutcome
from scans.engine.spec import load_spec
from tests.targets.signup_api import SignupApi, Style, serving


def _signup_task(api: SignupApi) -> tuple[ScanOutcome, TaskOutcome, str]:
    """A scan without configured identities (it signs up its own); the sign-up task's outcome and detail."""
    spec = load_spec(api.spec, base_url=api.url)
    outcome = Scan(ScanConfig(url=api.url, spec=spec, options=ScanOptions(checks=("mass_assignment",)))).run()
    task = next(task for task in outcome.tasks if task.check == "mass_assignment" and task.endpoint == "/auth/signup")
    return outcome, task.outcome, task.detail


def test_a_role_the_new_account_keeps_when_read_back_is_a_finding() -> None:
    with serving(Style.STORES) as api:
        outcome, status, detail = _signup_task(api)
    assert [(f.check, f.endpoint, f.parameter) for f in outcome.findings] == [
        ("mass_assignment", "/auth/signup", "role")]
    assert status is TaskOutcome.FOUND
    assert any(account["role"] == "admin" for account in api.accounts.values())


def test_a_role_only_echoed_by_the_sign_up_answer_is_not_persisted_and_the_task_says_what_each_showed() -> None:
    with serving(Style.ECHOES) as api:
        outcome, status, detail = _signup_task(api)
    assert outcome.findings == ()
    assert status is TaskOutcome.PASSED
    assert "were not persisted on sign-up" in detail
    assert "role='admin' echoed by the sign-up answer, 'user' on reading the account back" in detail


def test_an_echoed_role_on_an_account_that_cannot_log_in_is_not_confirmed_with_the_reason() -> None:
    with serving(Style.SECOND_FACTOR) as api:
        outcome, status, detail = _signup_task(api)
    assert outcome.findings == ()
    assert status is TaskOutcome.UNCONFIRMED
    assert "not persisted" not in detail
    assert "the sign-up answer showed role='admin'" in detail
    assert "401" in detail and "second factor required" in detail


def test_reading_back_another_account_than_the_new_one_is_not_confirmed() -> None:
    with serving(Style.FIRST_SESSION) as api:
        outcome, status, detail = _signup_task(api)
    assert outcome.findings == ()
    assert status is TaskOutcome.UNCONFIRMED and "not persisted" not in detail
    assert "not the new account" in detail
