"""Every sign-up of a scan gets fresh values for the fields that look unique (user name, e-mail,
phone, national id), fitted to the schema's length and pattern, so an API that refuses duplicates
gives the scan every sacrificial account it asks for."""
from __future__ import annotations

import re

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.unique_signup_api import NATIONAL_ID, UNIQUE, serving


def test_each_sacrificial_account_signs_up_with_its_own_unique_values() -> None:
    with serving() as api:
        spec = load_spec(api.spec, base_url=api.url)
        options = ScanOptions(checks=("user_enumeration", "no_lockout", "mass_assignment"))
        outcome = Scan(ScanConfig(url=api.url, spec=spec, options=options)).run()
    assert not any("could not create a sacrificial account" in warning for warning in outcome.warnings)
    assert len(api.accounts) >= 4, api.refused
    for name in UNIQUE:
        values = [account[name] for account in api.accounts.values()]
        assert len(set(values)) == len(values)
    assert all(re.match(NATIONAL_ID, account["national_id"]) for account in api.accounts.values())
    assert all(len(account["username"]) <= 12 for account in api.accounts.values())
