"""An API that answers 200 to every login, the outcome told only by its body: wrong passwords are
recognised as refusals by comparing the answers of the same operation (a login succeeds when a
credential comes back), so a missing lockout is found, and a lockout answered 200 is not a finding."""
from __future__ import annotations

from scans.engine.config import ScanConfig, ScanOptions
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
