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


def test_a_schedule_left_years_behind_is_due_from_now_after_migrate():
    """django-q2 walks a past next_run forward an interval at a time in a write transaction: left at
    2000-01-01 (as the prepared schema has it), a new server's scheduler held SQLite's lock for minutes."""
    from django.core.management.sql import emit_post_migrate_signal
    from django_q.models import Schedule

    Schedule.objects.filter(name="recover stale scans").update(next_run=timezone.now() - timedelta(days=9000))
    before = timezone.now()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    schedule = Schedule.objects.get(name="recover stale scans")
    assert before <= schedule.next_run <= timezone.now()
    assert Schedule.objects.filter(name="recover stale scans").count() == 1
