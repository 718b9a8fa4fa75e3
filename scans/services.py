"""Writes for scans: create and queue, cancel, recover scans whose worker died, dismiss findings."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from redis.exceptions import RedisError

from accounts.models import ApiKey, Tenant, User
from billing.quotas import plan_gate, quota_consume
from scans.credentials import seal
from scans.models import Dismissal, Finding, Scan
from scans.targets import target_key

logger = logging.getLogger("nat.scans")

MAX_ATTEMPTS = 2
"""A scan whose worker died is started once more, then failed with the reason."""
SCAN_TASK = "scans.tasks.run_scan"


class ScanAlreadyFinished(Exception):
    """The scan is completed, failed or cancelled; it cannot be cancelled any more."""


def enqueue(scan_id: str) -> None:
    """Hand the scan to the workers (django-q2); safe to call twice, a worker claims a scan once.

    The database is the record of what must run: when the broker (Redis) cannot be reached the scan
    stays queued, and the recovery job queues it again once it has waited `queued_too_long()`.
    """
    from django_q.tasks import async_task

    Scan.objects.filter(pk=scan_id).update(enqueued_at=timezone.now())
    try:
        async_task(SCAN_TASK, scan_id, task_name=f"scan {scan_id}", group="scans")
    except RedisError as error:
        logger.error("scan %s: the task queue is unreachable (%s); the scan stays queued and will be queued again",
                     scan_id, error)


def scan_request_gate(*, tenant: Tenant, data: Any) -> None:
    """The plan's refusals (402) of a scan request, answered before it is validated (the SPEC's order:
    plan and quota, then validation, then target checks). They depend only on the mode and the WCAG
    profile, read leniently here: a value that is not valid is left to validation to refuse."""
    fields = data if isinstance(data, dict) else {}
    mode = fields.get("mode", Scan.Mode.SECURITY)
    if mode not in Scan.Mode.values:
        return
    options = fields.get("options")
    profile = options.get("wcag_profile") if isinstance(options, dict) else None
    plan_gate(tenant=tenant, mode=mode, wcag_profile=profile if isinstance(profile, str) else None)


@transaction.atomic
def scan_create(
    *, tenant: Tenant, data: dict[str, Any], api_key: ApiKey | None = None, user: User | None = None,
    queue: bool = True,
) -> Scan:
    """Store a validated scan request (credentials sealed) and, unless the caller runs it itself
    (`nat scan`), queue it for the workers once the transaction commits."""
    quota_consume(tenant=tenant, mode=data["mode"], wcag_profile=(data.get("options") or {}).get("wcag_profile"))
    spec = data.get("spec_content")
    credentials = {key: data[key] for key in ("auth", "auth_secondary") if data.get(key)}
    scan = Scan.objects.create(
        tenant=tenant,
        created_by=user,
        created_by_key=api_key,
        mode=data["mode"],
        url=data["url"],
        target_key=target_key(data["url"]),
        api_type=data["api_type"],
        spec_url=data.get("spec_url", ""),
        spec_content=spec["text"] if spec else "",
        spec_summary=spec["summary"] if spec else {},
        options=data["options"],
        credentials=seal(credentials),
    )
    if queue:
        transaction.on_commit(lambda: enqueue(scan.pk))
    return scan


def scan_cancel(*, scan: Scan) -> Scan:
    """Queued or running → cancelled at once; a running worker notices within a second or two and
    stops, keeping what it found."""
    now = timezone.now()
    updated = Scan.objects.filter(pk=scan.pk, status__in=[Scan.Status.QUEUED, Scan.Status.RUNNING]).update(
        status=Scan.Status.CANCELLED, finished_at=now, updated_at=now, credentials=""
    )
    scan.refresh_from_db()
    if not updated:
        raise ScanAlreadyFinished(f"Scan {scan.pk} is already {scan.status}.")
    return scan


def scan_fail(scan_id: str, reason: str) -> None:
    """Mark a scan failed with its reason (unless it was already finished, e.g. cancelled)."""
    now = timezone.now()
    Scan.objects.filter(pk=scan_id).exclude(status__in=Scan.FINISHED).update(
        status=Scan.Status.FAILED, failure_reason=reason[:2000], finished_at=now, updated_at=now, credentials=""
    )


def stale_after() -> timedelta:
    """A running scan whose worker has not written a heartbeat for this long is presumed dead."""
    return timedelta(seconds=settings.NAT_STALE_SCAN_SECONDS)


def queued_too_long() -> timedelta:
    """A queued scan whose task has waited this long is queued again (a broker that lost it)."""
    return timedelta(seconds=settings.NAT_QUEUED_SCAN_SECONDS)


def scans_recover_stale(*, now: Any = None) -> list[str]:
    """Find scans whose worker died (no heartbeat) or whose queued task was lost, and deal with them:
    start a dead worker's scan once more, fail it the second time with the reason."""
    now = now or timezone.now()
    touched = []
    silent_since = now - stale_after()
    dead = Scan.objects.filter(status=Scan.Status.RUNNING).filter(
        Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
    )
    for scan in dead.only("pk", "attempts"):
        if scan.attempts < MAX_ATTEMPTS:
            requeued = Scan.objects.filter(pk=scan.pk, status=Scan.Status.RUNNING).update(
                status=Scan.Status.QUEUED, updated_at=now,
            )
            if requeued:
                logger.warning("scan %s: worker stopped responding; starting it again", scan.pk)
                enqueue(scan.pk)
        else:
            logger.warning("scan %s: worker stopped responding twice; failing it", scan.pk)
            scan_fail(
                scan.pk,
                "The worker running this scan stopped responding (killed or restarted) and the retry "
                "stopped too; start the scan again.",
            )
        touched.append(scan.pk)
    lost = Scan.objects.filter(status=Scan.Status.QUEUED, enqueued_at__lt=now - queued_too_long())
    for scan_id in lost.values_list("pk", flat=True):
        logger.warning("scan %s: still queued after %s; queueing it again", scan_id, queued_too_long())
        enqueue(scan_id)
        touched.append(scan_id)
    return touched


@transaction.atomic
def finding_dismiss(*, finding: Finding, reason: str, note: str, by: str) -> Dismissal:
    """Dismiss a finding on its target: later scans of that target carry the dismissal over."""
    return Dismissal.objects.create(
        tenant_id=finding.tenant_id,
        target_key=finding.scan.target_key,
        fingerprint=finding.fingerprint,
        finding=finding,
        reason=reason,
        note=note,
        dismissed_by=by,
    )
