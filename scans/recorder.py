"""Persists what the engine yields while it runs, from one thread of its own.

The engine calls the listener from whatever thread found something; the recorder queues events and a
single writer thread stores them in batches, writes the worker's heartbeat, and notices when the
scan was cancelled. One thread means one database connection, closed when the scan ends. A brief
database outage (a restart, a failover) is ridden out: writes are retried on a fresh connection.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import F
from django.utils import timezone

from scans.models import Finding, Scan, Task

if TYPE_CHECKING:
    from scans.engine.findings import Finding as EngineFinding
    from scans.engine.findings import TaskResult

logger = logging.getLogger("nat.scans")

HEARTBEAT_SECONDS = 2.0
BATCH = 200
DATABASE_OUTAGE_SECONDS = 60.0
"""How long the recorder keeps retrying a write while the database is unreachable (a restart, a
failover) before it gives up and the scan fails with the reason."""
_STOP = object()
T = TypeVar("T")


class DatabaseUnavailable(Exception):
    """The database stayed unreachable for longer than DATABASE_OUTAGE_SECONDS."""


def with_database_retry(write: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`write(*args, **kwargs)`, retried on a fresh connection while the database is briefly unreachable."""
    deadline = time.monotonic() + DATABASE_OUTAGE_SECONDS
    pause = 0.25
    while True:
        try:
            return write(*args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            connection.close()
            if time.monotonic() + pause > deadline:
                raise DatabaseUnavailable(f"the database was unreachable for over {DATABASE_OUTAGE_SECONDS:.0f} s ({error})") from error
            logger.warning("database unreachable (%s); retrying in %.1f s", error, pause)
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


class ScanRecorder:
    """The engine's `ScanListener` for one scan, plus its `should_stop`."""

    def __init__(self, scan: Scan) -> None:
        self.scan_id = scan.pk
        self.tenant_id = scan.tenant_id
        self._events: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._fingerprints: set[str] = set()
        self._plans: dict[str, int] = {}
        self._phase = "security"
        self.failure = ""
        """Why the recorder stopped before the scan ended (empty while it works)."""
        self._thread = threading.Thread(target=self._run, name=f"recorder-{scan.pk}", daemon=True)
        self._thread.start()

    def begin_phase(self, name: str) -> None:
        """A scan runs in phases (security, then functional); each plans its own tasks."""
        self._phase = name

    # The engine's listener interface: cheap and thread-safe (a queue put).
    def on_plan(self, total: int) -> None:
        self._events.put(("plan", (self._phase, total)))

    def on_task(self, task: TaskResult) -> None:
        self._events.put(("task", task))

    def on_finding(self, finding: EngineFinding) -> None:
        self._events.put(("finding", finding))

    def on_warning(self, message: str) -> None:
        self._events.put(("warning", message))

    def should_stop(self) -> bool:
        """True once the scan was cancelled (checked against the database every heartbeat)."""
        return self._stop.is_set()

    def close(self) -> None:
        """Store everything still queued, then end the writer thread."""
        self._events.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        try:
            last_beat = 0.0
            finished = False
            while not finished:
                batch = []
                try:
                    batch.append(self._events.get(timeout=0.5))
                    while len(batch) < BATCH:
                        batch.append(self._events.get_nowait())
                except queue.Empty:
                    pass
                if batch and batch[-1] is _STOP:
                    batch.pop()
                    finished = True
                if batch:
                    with_database_retry(self._store, batch)
                if finished or time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                    with_database_retry(self._heartbeat)
                    last_beat = time.monotonic()
        except Exception as error:
            logger.exception("scan %s: recorder failed", self.scan_id)
            self.failure = str(error) if isinstance(error, DatabaseUnavailable) else f"{type(error).__name__}: {error}"
            self._stop.set()
        finally:
            connection.close()

    def _heartbeat(self) -> None:
        close_old_connections()
        now = timezone.now()
        alive = Scan.objects.filter(pk=self.scan_id, status=Scan.Status.RUNNING).update(heartbeat_at=now, updated_at=now)
        if not alive:
            self._stop.set()

    def _store(self, batch: list[tuple[str, Any]]) -> None:
        tasks, findings, warnings, plan = [], [], [], None
        for kind, payload in batch:
            if kind == "task":
                tasks.append(payload)
            elif kind == "finding" and payload.fingerprint not in self._fingerprints:
                self._fingerprints.add(payload.fingerprint)
                findings.append(payload)
            elif kind == "warning":
                warnings.append(payload)
            elif kind == "plan":
                phase, total = payload
                self._plans[phase] = total
                plan = sum(self._plans.values())
        with transaction.atomic():
            Task.objects.bulk_create(
                Task(
                    scan_id=self.scan_id, check_name=t.check, agent=t.agent, method=t.method,
                    endpoint=t.endpoint, outcome=t.outcome.value, duration=t.duration, detail=t.detail,
                )
                for t in tasks
            )
            stored = sum(self._store_finding(finding) for finding in findings)
            updates: dict[str, Any] = {"updated_at": timezone.now()}
            if tasks:
                updates["progress_done"] = F("progress_done") + len(tasks)
            if plan is not None:
                updates["progress_total"] = plan
            if stored:
                updates["findings_count"] = F("findings_count") + stored
            Scan.objects.filter(pk=self.scan_id).update(**updates)
            if warnings:
                scan = Scan.objects.select_for_update().only("warnings").get(pk=self.scan_id)
                scan.warnings = [*scan.warnings, *warnings]
                scan.save(update_fields=["warnings"])

    def _store_finding(self, finding: EngineFinding) -> bool:
        data = finding.to_dict()
        try:
            with transaction.atomic():
                Finding.objects.create(
                    scan_id=self.scan_id, tenant_id=self.tenant_id, fingerprint=finding.fingerprint,
                    check_name=finding.check, title=data["title"][:300], severity=data["severity"],
                    score=data["score"], owasp=data["owasp"], cwe=data["cwe"], method=data["method"],
                    endpoint=data["endpoint"], parameter=data["parameter"][:300],
                    description=data["description"], evidence=data["evidence"], curl=data["curl"],
                    remediation=data["remediation"], confidence=data["confidence"],
                    identity=data["identity"], why=data["why"],
                )
        except IntegrityError:
            # Stored by an earlier attempt of this scan (a retry after a worker died).
            return False
        return True
