"""New, recurring and fixed compare a scan with the previous security scan of its target: a functional
scan in between (which finds no security findings) neither fixes them nor makes them new again."""
from __future__ import annotations

import pytest

from scans.models import Scan
from scans.selectors import scan_results
from tests.scans.factories import make_finding, make_scan

pytestmark = pytest.mark.django_db


def test_a_functional_scan_between_two_security_scans_changes_nothing(account):
    first = make_scan(account.tenant, age_minutes=30)
    make_finding(first, endpoint="/users/{id}")
    make_finding(first, check="jwt-none", endpoint="/me", parameter="", severity="critical", score=95)
    functional = make_scan(account.tenant, age_minutes=20, mode=Scan.Mode.FUNCTIONAL)
    second = make_scan(account.tenant, age_minutes=10)
    make_finding(second, endpoint="/users/{id}")

    assert scan_results(functional)["fixed"] == []
    results = scan_results(second)
    assert [finding["mark"] for finding in results["findings"]] == ["recurring"]
    assert [finding["check"] for finding in results["fixed"]] == ["jwt-none"]


def test_a_full_scan_counts_as_a_security_scan(account):
    first = make_scan(account.tenant, age_minutes=30, mode=Scan.Mode.FULL)
    make_finding(first, endpoint="/users/{id}")
    second = make_scan(account.tenant, age_minutes=10)
    make_finding(second, endpoint="/users/{id}")
    assert [finding["mark"] for finding in scan_results(second)["findings"]] == ["recurring"]
