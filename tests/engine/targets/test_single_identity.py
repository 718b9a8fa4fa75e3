"""With only one configured identity, accounts the scan signs up play the other users' part, so the
flaws found by the checks that need identities are still found, and only those."""
from __future__ import annotations

import pytest

from tests.targets import drf_shop, wsgi_notes
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import config_for, run_scan_on

PLANTED = {"notes_target": wsgi_notes.PLANTED, "shop_target": drf_shop.PLANTED}
IDENTITY_CHECKS = (
    "auth_bypass", "jwt_alg_none", "jwt_tampered", "jwt_weak_secret", "jwt_expired", "user_enumeration", "no_lockout",
    "bola", "bfla", "method_switching", "mass_assignment", "data_exposure", "undocumented_fields",
)


@pytest.mark.parametrize("fixture", sorted(PLANTED))
def test_one_identity_plus_sign_up_finds_every_planted_flaw(fixture: str, request: pytest.FixtureRequest) -> None:
    target: RunningTarget = request.getfixturevalue(fixture)
    run = run_scan_on(target, config_for(target, secondary=False, checks=IDENTITY_CHECKS))
    reported = {(f.check, f.method, f.endpoint, f.parameter) for f in run.outcome.findings}
    assert reported == {plant.key for plant in PLANTED[fixture] if plant.check in IDENTITY_CHECKS}
    assert {identity.name for identity in run.scan.kb.identities} >= {"primary", "signup-1"}
