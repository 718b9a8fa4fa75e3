"""Running one scan in a worker: claim it, build the engine's config, run, persist, finish.

Every way out ends the scan: completed, cancelled (what was found is kept), or failed with a reason
a user can act on. Nothing here raises to django-q.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from scans.credentials import CredentialsUnreadable, unseal
from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.errors import EngineError
from scans.engine.findings import TaskOutcome
from scans.engine.netguard import guard_session
from scans.engine.outcome import outcome_counts
from scans.engine.spec import SpecError, load_spec
from scans.engine.spec.source import fetch_url
from scans.functional.browser import BrowserNotFound
from scans.functional.config import FunctionalConfigError
from scans.functional_phase import baseline_store, functional_config, kept_results
from scans.models import Finding, Scan, Task
from scans.recorder import ScanRecorder, with_database_retry
from scans.services import scan_fail

logger = logging.getLogger("nat.scans")


def claim(scan_id: str) -> Scan | None:
    """queued → running, for exactly one worker; None when the scan is gone, finished or taken."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Scan.objects.filter(pk=scan_id, status=Scan.Status.QUEUED).update(
            status=Scan.Status.RUNNING, started_at=now, heartbeat_at=now, updated_at=now,
            progress_done=0, progress_total=0,
        )
        if not claimed:
            return None
        scan = Scan.objects.get(pk=scan_id)
        scan.attempts += 1
        scan.save(update_fields=["attempts"])
        # A retry after a dead worker re-runs every task; findings already stored are kept.
        Task.objects.filter(scan=scan).delete()
    return scan


def engine_config(scan: Scan) -> ScanConfig:
    """The engine's view of the scan; SpecError / CredentialsUnreadable when it cannot be built."""
    credentials = unseal(scan.credentials)
    public_only = settings.NAT_MODE == "saas"
    spec = None
    # A GraphQL SDL or a .proto is no OpenAPI document; the engine refuses those API types itself.
    rest = scan.api_type == Scan.ApiType.REST
    if rest and scan.spec_content:
        spec = load_spec(scan.spec_content.encode("utf-8"), base_url=scan.url)
    elif rest and scan.spec_url:
        spec = load_spec(scan.spec_url, base_url=scan.url, fetch=guarded_fetch if public_only else None)
    secondary = credentials.get("auth_secondary")
    return ScanConfig(
        url=scan.url,
        api_type=scan.api_type,
        spec=spec,
        auth=AuthConfig.from_dict(credentials.get("auth")),
        auth_secondary=AuthConfig.from_dict(secondary) if secondary else None,
        options=ScanOptions.from_dict({**scan.options, "public_only": public_only}),
    )


def guarded_fetch(url: str) -> bytes:
    """Fetch a description in SaaS mode: the same caps as the default, public addresses only."""
    session = guard_session(requests.Session())
    try:
        return fetch_url(url, session=session)
    finally:
        session.close()


def summarize(scan_id: str, outcome: Any, *, elapsed: float, extra_agents: int = 0) -> None:
    """Counts of tasks and findings, whatever way the scan ended; the credentials are wiped."""
    outcomes = Task.objects.filter(scan_id=scan_id).values_list("outcome", flat=True)
    counts = outcome_counts(TaskOutcome(outcome) for outcome in outcomes)
    severities = dict(Finding.objects.filter(scan_id=scan_id).values_list("severity").annotate(n=Count("id")))
    Scan.objects.filter(pk=scan_id).update(
        tasks_total=counts["passed"] + counts["failed"], tasks_passed=counts["passed"], tasks_failed=counts["failed"],
        tasks_skipped=counts["skipped"], tasks_not_tried=counts["not_tried"],
        findings_count=sum(severities.values()), severity_counts=severities,
        agent_count=getattr(outcome, "agent_count", 0) + extra_agents,
        requests_sent=getattr(outcome, "requests_sent", 0),
        elapsed_seconds=round(elapsed, 3), updated_at=timezone.now(), credentials="",
    )


def complete(scan_id: str) -> None:
    """running → completed; a scan cancelled meanwhile stays cancelled."""
    now = timezone.now()
    Scan.objects.filter(pk=scan_id, status=Scan.Status.RUNNING).update(
        status=Scan.Status.COMPLETED, finished_at=now, updated_at=now,
    )


def finish(scan_id: str, outcome: Any, *, elapsed: float, extra_agents: int, failure: str) -> None:
    """Counts, then completed; failed instead when the recorder could not store every result."""
    summarize(scan_id, outcome, elapsed=elapsed, extra_agents=extra_agents)
    if failure:
        scan_fail(scan_id, f"The scan stopped because its results could not be stored ({failure}); start it again.")
    else:
        complete(scan_id)


def run_functional_phase(scan: Scan, config: ScanConfig, recorder: ScanRecorder) -> int:
    """Pages in a real browser, and contract tests when there is a spec; returns the agents used."""
    from scans.functional.runner import run_functional

    outcome = run_functional(
        functional_config(scan, spec=config.spec, auth=config.auth),
        listener=recorder, should_stop=recorder.should_stop, baselines=baseline_store(scan.tenant_id),
    )
    Scan.objects.filter(pk=scan.pk).update(functional_results=kept_results(outcome.to_dict()))
    return 1


def execute_scan(scan_id: str) -> None:
    """The worker's whole job for one scan: the security engine, then the functional runners,
    as the scan's mode says."""
    from scans.engine.runner import run_scan

    scan = claim(scan_id)
    if scan is None:
        logger.info("scan %s: not queued any more; nothing to do", scan_id)
        return
    started = time.monotonic()
    recorder = outcome = None
    functional_agents = 0
    try:
        config = engine_config(scan)
        recorder = ScanRecorder(scan)
        if scan.includes_security:
            outcome = run_scan(config, listener=recorder, should_stop=recorder.should_stop)
        if scan.includes_functional and not recorder.should_stop():
            recorder.begin_phase("functional")
            functional_agents = run_functional_phase(scan, config, recorder)
        recorder.close()
        failure, recorder = recorder.failure, None
        # The worker's own connection sat idle while the engine ran: the database may have restarted.
        with_database_retry(
            finish, scan_id, outcome,
            elapsed=time.monotonic() - started, extra_agents=functional_agents, failure=failure,
        )
    except SpecError as error:
        with_database_retry(scan_fail, scan_id, f"The API description is invalid: {error}")
    except CredentialsUnreadable as error:
        with_database_retry(scan_fail, scan_id, f"Cannot start: {error}")
    except (EngineError, BrowserNotFound, FunctionalConfigError) as error:
        with_database_retry(scan_fail, scan_id, str(error))
    except Exception as error:
        logger.exception("scan %s: unexpected error", scan_id)
        with_database_retry(
            scan_fail, scan_id, f"Internal error while scanning ({type(error).__name__}); it has been logged.",
        )
    finally:
        if recorder is not None:
            recorder.close()
            with_database_retry(summarize, scan_id, outcome, elapsed=time.monotonic() - started)
