"""A `/me` operation that belongs to another kind of account (a merchant's, to a customer's token) does
not refuse identities whose login worked: the scan goes on and judges them by the rest of recon."""
from __future__ import annotations

import pytest

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.errors import AuthRejected
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets import two_principals_api


def _config(url: str, primary: AuthConfig) -> ScanConfig:
    secondary = AuthConfig(type="login", username="bob", password="bob-pass-2")
    return ScanConfig(url=url, spec=load_spec(two_principals_api.SPEC, base_url=url), auth=primary,
                      auth_secondary=secondary, options=ScanOptions(checks=("bola",)))


def test_customers_refused_by_the_merchants_me_are_scanned_and_the_planted_bola_is_found() -> None:
    with two_principals_api.serving() as url:
        outcome = run_scan(_config(url, AuthConfig(type="login", username="alice", password="alice-pass-1")))
    assert ("GET", "/notes/{note_id}") in {(finding.method, finding.endpoint) for finding in outcome.findings}
    assert not [warning for warning in outcome.warnings if "rejected" in warning]


def test_a_token_refused_by_every_operation_still_fails_the_scan() -> None:
    with two_principals_api.serving() as url, pytest.raises(AuthRejected, match="every request as primary"):
        run_scan(_config(url, AuthConfig(type="bearer", token="not-a-token")))
