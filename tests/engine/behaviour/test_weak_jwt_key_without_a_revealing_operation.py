"""A guessable HMAC key is proven even where no operation shows who the caller is: the key reproduces the
issued token's signature offline, a token forged with it is accepted twice on a read that refuses anonymous
callers, and the same claims signed with a random key are the control shown in the evidence."""
from __future__ import annotations

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.outcome import ScanOutcome
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets import weak_jwt_api


def _scan(*, weak: bool, checks_signature: bool = True) -> ScanOutcome:
    with weak_jwt_api.serving(weak=weak, checks_signature=checks_signature) as url:
        return run_scan(ScanConfig(
            url=url, spec=load_spec(weak_jwt_api.SPEC, base_url=url),
            auth=AuthConfig(type="login", username="alice", password="alice-pass-1"),
            auth_secondary=AuthConfig(type="login", username="bob", password="bob-pass-2"),
            options=ScanOptions(checks=("jwt_weak_secret",)),
        ))


def test_a_dictionary_key_is_found_on_an_operation_that_answers_every_user_alike() -> None:
    outcome = _scan(weak=True)
    found = [finding for finding in outcome.findings if finding.check == "jwt_weak_secret"]
    assert [(finding.method, finding.endpoint) for finding in found] == [("GET", "/cards")]
    assert "secret123" in found[0].why
    assert [exchange.response.status for exchange in found[0].evidence] == [200, 401, 200]


def test_a_dictionary_key_is_found_where_the_signature_is_not_checked_and_the_evidence_shows_it() -> None:
    outcome = _scan(weak=True, checks_signature=False)
    found = [finding for finding in outcome.findings if finding.check == "jwt_weak_secret"]
    assert [(finding.method, finding.endpoint) for finding in found] == [("GET", "/cards")]
    assert [exchange.response.status for exchange in found[0].evidence] == [200, 200, 200]


def test_a_random_key_is_reported_as_tested_and_not_found() -> None:
    outcome = _scan(weak=False)
    assert not outcome.findings
    task = next(task for task in outcome.tasks if task.check == "jwt_weak_secret")
    assert task.status == "passed"
