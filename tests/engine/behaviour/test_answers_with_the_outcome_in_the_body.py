"""An API that answers 200 to every login, the outcome told only by its body: wrong passwords are
recognised as refusals by comparing the answers of the same operation (a login succeeds when a
credential comes back), so a missing lockout is found, a lockout answered 200 is not a finding, and
a configured login refused that way fails the scan with the API's own message."""
from __future__ import annotations

import pytest

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.errors import AuthRejected
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.status_fail_api import Style, serving

CHECKS = ("no_lockout", "user_enumeration")


def _findings(style: Style) -> set[str]:
    with serving(style) as api:
        spec = load_spec(api.spec, base_url=api.url)
        outcome = Scan(ScanConfig(url=api.url, spec=spec, options=ScanOptions(checks=CHECKS))).run()
    return {finding.check for finding in outcome.findings}


def test_a_login_without_lockout_answering_200_fail_is_found() -> None:
    assert _findings(Style.FLAWED) == {"no_lockout", "user_enumeration"}


def test_a_lockout_answered_200_with_the_same_refusal_is_not_a_finding() -> None:
    assert _findings(Style.LOCKS) == set()


def test_a_configured_login_refused_with_200_fail_fails_the_scan_with_the_apis_message() -> None:
    with serving(Style.LOCKS) as api:
        api.accounts["carol"] = {"username": "carol", "email": "carol@example.com", "password": "right-pass-1"}
        config = ScanConfig(url=api.url, spec=load_spec(api.spec, base_url=api.url), options=ScanOptions(checks=CHECKS),
                            auth=AuthConfig(type="login", username="carol", password="wrong-pass"))
        with pytest.raises(AuthRejected, match="Invalid username or password"):
            Scan(config).run()
