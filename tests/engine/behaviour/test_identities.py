"""Identities: re-login when the target starts answering 401, and no silent clean bill of health
when an identity is rejected everywhere."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from scans.engine.config import AuthConfig
from scans.engine.errors import AuthRejected
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import NOTES_MODULE, SHOP_MODULE, config_for, notes_login, run_scan_on

BOLA_PLANTS = {
    NOTES_MODULE: {("GET", "/projects/{slug}"), ("PATCH", "/notes/{note_id}"), ("DELETE", "/notes/{note_id}")},
    SHOP_MODULE: {("GET", "/orders/{id}/"), ("PATCH", "/addresses/{id}/"), ("DELETE", "/addresses/{id}/")},
}
TOKEN_PATHS = {NOTES_MODULE: "/v1/auth/login", SHOP_MODULE: "/api/oauth/token/"}


@pytest.mark.parametrize("module", [NOTES_MODULE, SHOP_MODULE])
def test_expiring_sessions_are_renewed_and_the_scan_still_finds_everything(
    module: str, start_extra_target: Callable[..., RunningTarget],
) -> None:
    target = start_extra_target(module, flaws="all", args=("--session-ttl", "1.0"))
    run = run_scan_on(target, config_for(target, checks=("bola",), rate_limit=40))
    found = {(finding.method, finding.endpoint) for finding in run.outcome.findings}
    assert BOLA_PLANTS[module] <= found
    logins = [entry for entry in run.log if entry["path"] == TOKEN_PATHS[module] and entry["status"] == 200]
    assert len(logins) >= 5, "sessions expired every second, yet nobody logged in again"
    assert not [warning for warning in run.outcome.warnings if "rejected" in warning]


def test_primary_login_failure_fails_the_scan(notes_clean_target: RunningTarget) -> None:
    config = dataclasses.replace(config_for(notes_clean_target), auth=notes_login("alice@notes.test", "wrong"))
    with pytest.raises(AuthRejected, match="401"):
        run_scan_on(notes_clean_target, config)


def test_primary_rejected_everywhere_fails_the_scan(notes_clean_target: RunningTarget) -> None:
    config = dataclasses.replace(config_for(notes_clean_target), auth=AuthConfig(type="bearer", token="expired-token"))
    with pytest.raises(AuthRejected, match="every request as primary was rejected"):
        run_scan_on(notes_clean_target, config)


def test_secondary_rejected_everywhere_is_a_warning_not_silence(notes_target: RunningTarget) -> None:
    config = dataclasses.replace(config_for(notes_target, checks=("bola",)),
                                 auth_secondary=AuthConfig(type="header", header_name="Authorization",
                                                           header_value="Bearer revoked-token"))
    run = run_scan_on(notes_target, config)
    assert any("every request as secondary was rejected" in warning for warning in run.outcome.warnings)
    assert "secondary" not in {identity.name for identity in run.scan.kb.identities}
    assert run.outcome.findings, "the scan went on with the identities that work"


def test_secondary_login_failure_is_a_warning(notes_clean_target: RunningTarget) -> None:
    config = dataclasses.replace(config_for(notes_clean_target, checks=("auth_bypass",)),
                                 auth_secondary=notes_login("bob@notes.test", "wrong"))
    run = run_scan_on(notes_clean_target, config)
    assert any("secondary identity could not authenticate" in warning for warning in run.outcome.warnings)
