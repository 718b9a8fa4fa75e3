"""Per-check clean twins: with one flaw planted, only that flaw is reported, even when it hands the
scan a new privileged identity whose checks run again."""
from __future__ import annotations

import dataclasses
import json
import time
import urllib.request
from collections.abc import Callable

from scans.engine.config import AuthConfig
from scans.engine.identity import jwt
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import NOTES_MODULE, SHOP_MODULE, config_for, run_scan_on

JWT_CHECKS = ("jwt_alg_none", "jwt_tampered", "jwt_expired", "jwt_weak_secret", "bola", "bfla")
AUTHORIZATION_CHECKS = ("bola", "bfla", "method_switching", "mass_assignment", "auth_bypass", "data_exposure")


def _reported(run) -> set[tuple[str, str, str]]:
    return {(finding.check, finding.method, finding.endpoint) for finding in run.outcome.findings}


def test_weak_key_alone_is_not_reported_as_expiry_or_signature_flaws(
    start_extra_target: Callable[..., RunningTarget],
) -> None:
    target = start_extra_target(NOTES_MODULE, flaws="jwt_weak_secret")
    run = run_scan_on(target, config_for(target, checks=JWT_CHECKS))
    assert _reported(run) == {("jwt_weak_secret", "GET", "/me")}
    assert "forged-admin" in {identity.name for identity in run.scan.kb.identities}
    assert any(task.check == "jwt_expired" and "refused" in task.detail for task in run.outcome.tasks)


def test_an_escalated_account_adds_no_finding_where_the_api_is_right(
    start_extra_target: Callable[..., RunningTarget],
) -> None:
    target = start_extra_target(SHOP_MODULE, flaws="mass_me_role")
    run = run_scan_on(target, config_for(target, checks=AUTHORIZATION_CHECKS))
    assert _reported(run) == {("mass_assignment", "PATCH", "/users/me/")}
    escalated = [identity for identity in run.scan.kb.identities if identity.name.endswith("-escalated")]
    assert escalated and escalated[0].privileged
    rerun = [task for task in run.outcome.tasks if task.check == "bfla" and "admin" in task.endpoint]
    assert len(rerun) >= 2, "the authorization checks did not run again with the escalated identity"


def test_an_identity_whose_own_token_has_expired_shows_expiry_is_not_enforced(
    start_extra_target: Callable[..., RunningTarget],
) -> None:
    target = start_extra_target(NOTES_MODULE, flaws="jwt_no_expiry,jwt_weak_secret")
    login = json.loads(urllib.request.urlopen(urllib.request.Request(
        target.url + "/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"email": "alice@notes.test", "password": "alice-pass-1"}).encode()), timeout=10).read())
    claims = dict(jwt.decode(login["data"]["token"]).payload, exp=int(time.time()) - 600)
    expired = jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, key=b"secret123")
    config = dataclasses.replace(config_for(target, checks=("jwt_expired",), secondary=False),
                                 auth=AuthConfig(type="bearer", token=expired))
    run = run_scan_on(target, config)
    assert _reported(run) == {("jwt_expired", "GET", "/me")}
    assert "expired at" in run.outcome.findings[0].why
