"""The worker's writes ride out a brief database outage, and a scan whose results could not all be
stored ends failed with the reason, never completed with results missing."""
from __future__ import annotations

import pytest
from django.db import OperationalError

from scans import recorder
from scans.execution import finish
from scans.models import Scan
from tests.scans.factories import make_scan


def test_a_write_is_retried_on_a_fresh_connection_while_the_database_is_down():
    attempts = []

    def write(value: str) -> str:
        attempts.append(value)
        if len(attempts) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return value

    assert recorder.with_database_retry(write, "stored") == "stored"
    assert len(attempts) == 3


def test_an_outage_longer_than_the_budget_gives_up_with_the_reason(monkeypatch):
    monkeypatch.setattr(recorder, "DATABASE_OUTAGE_SECONDS", 0.3)

    def write() -> None:
        raise OperationalError("connection refused")

    with pytest.raises(recorder.DatabaseUnavailable, match="unreachable for over 0 s .*connection refused"):
        recorder.with_database_retry(write)


@pytest.mark.django_db
def test_a_scan_whose_results_could_not_be_stored_fails_instead_of_completing(account):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING)
    finish(scan.pk, None, elapsed=1.0, extra_agents=0, failure="the database was unreachable for over 60 s")
    scan.refresh_from_db()
    assert scan.status == Scan.Status.FAILED
    assert "could not be stored (the database was unreachable for over 60 s)" in scan.failure_reason


@pytest.mark.django_db
def test_a_scan_whose_results_were_all_stored_completes(account):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING)
    finish(scan.pk, None, elapsed=1.0, extra_agents=0, failure="")
    scan.refresh_from_db()
    assert scan.status == Scan.Status.COMPLETED and not scan.failure_reason
