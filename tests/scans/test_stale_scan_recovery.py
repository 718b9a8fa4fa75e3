"""A scan whose worker died is started once more, then failed with a reason; none stays running."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import OrmQ

from scans.models import Scan
from scans.services import queued_too_long, scans_recover_stale, stale_after
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db


def dead_running_scan(account, attempts: int) -> Scan:
    long_ago = timezone.now() - stale_after() - timedelta(seconds=5)
    return make_scan(account.tenant, status=Scan.Status.RUNNING, attempts=attempts, started_at=long_ago, heartbeat_at=long_ago)


def test_first_death_requeues_the_scan(account):
    scan = dead_running_scan(account, attempts=1)
    assert scans_recover_stale() == [scan.pk]
    scan.refresh_from_db()
    assert scan.status == "queued"
    assert OrmQ.objects.count() == 1


def test_second_death_fails_the_scan_with_a_reason(account):
    scan = dead_running_scan(account, attempts=2)
    scans_recover_stale()
    scan.refresh_from_db()
    assert scan.status == "failed" and "stopped responding" in scan.failure_reason
    assert OrmQ.objects.count() == 0


def test_a_live_worker_is_left_alone(account):
    scan = make_scan(account.tenant, status=Scan.Status.RUNNING, attempts=1, started_at=timezone.now(), heartbeat_at=timezone.now())
    assert scans_recover_stale() == []
    scan.refresh_from_db()
    assert scan.status == "running"


def test_a_lost_queued_scan_is_queued_again(account):
    scan = make_scan(account.tenant, status=Scan.Status.QUEUED, enqueued_at=timezone.now() - queued_too_long() - timedelta(minutes=1))
    assert scans_recover_stale() == [scan.pk]
    assert OrmQ.objects.count() == 1


def test_recovery_runs_on_a_schedule():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="scans.tasks.recover_stale_scans")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1
