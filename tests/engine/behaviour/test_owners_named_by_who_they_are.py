"""Owners named by account number, user name or e-mail: the scan learns who each identity is from its login
and `/me` answers, finds its objects by those values, and reports another's (or anonymous) read of private
data as BOLA, even where the operation checks no credential at all; public catalogue and profile reads stay
unreported, and the clean twin has no finding."""
from __future__ import annotations

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.outcome import ScanOutcome
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets import owners_api


def _scan(*, vulnerable: bool, secondary: bool = True) -> ScanOutcome:
    with owners_api.serving(vulnerable=vulnerable) as url:
        return run_scan(ScanConfig(
            url=url, spec=load_spec(owners_api.SPEC, base_url=url),
            auth=AuthConfig(type="login", username="alice", password="alice-pass-1", login_url="/api/login"),
            auth_secondary=AuthConfig(type="login", username="bob", password="bob-pass-2", login_url="/api/login")
            if secondary else None,
            options=ScanOptions(checks=("bola",)),
        ))


def test_reads_of_objects_owned_by_account_number_and_email_are_bola() -> None:
    outcome = _scan(vulnerable=True)
    reported = {(f.check, f.method, f.endpoint, f.parameter) for f in outcome.findings}
    assert reported == set(owners_api.PLANTED)
    balance = next(f for f in outcome.findings if f.endpoint == "/balance/{account_number}")
    assert "belongs to" in balance.why and "balance" in balance.why and "anonymous reads it too" in balance.why
    assert "AC-1001" in balance.why or "AC-2002" in balance.why


def test_with_one_identity_an_anonymous_read_of_its_balance_is_bola() -> None:
    outcome = _scan(vulnerable=True, secondary=False)
    balance = [f for f in outcome.findings if f.endpoint == "/balance/{account_number}"]
    assert balance and "anonymous read /balance/AC-1001" in balance[0].why


def test_the_clean_twin_and_public_objects_have_no_bola() -> None:
    outcome = _scan(vulnerable=False)
    assert not outcome.findings
    public = [task for task in outcome.tasks if task.check == "bola" and task.endpoint == "/profiles/{username}"]
    assert public and all("is public" in task.detail for task in public)
