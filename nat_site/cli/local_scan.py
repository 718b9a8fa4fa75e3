"""`nat scan` on this machine: the scan is recorded in the local database and run by the same code
as a server's worker, so `nat findings` and dismissals work on it afterwards."""
from __future__ import annotations

import contextlib
import threading
from typing import Any

from nat_site.cli.progress import ProgressView
from nat_site.cli.scan_request import RequestError

LOCAL_TENANT = "nat-cli-local"


def local_tenant() -> Any:
    from accounts.models import Tenant

    tenant, _ = Tenant.objects.get_or_create(external_id=LOCAL_TENANT, defaults={"name": "Local CLI"})
    return tenant


def validation_message(errors: Any) -> str:
    from nat_site.api.errors import validation_envelope

    return validation_envelope(errors)["message"]


def run_local_scan(body: dict[str, Any], progress: ProgressView) -> dict[str, Any]:
    """Validate, record and run the scan; returns the report (results + scan block)."""
    from nat_site.cli.django_setup import open_database

    open_database()
    from scans import selectors, services
    from scans.api.serializers import ScanCreateSerializer
    from scans.execution import execute_scan
    from scans.models import Scan

    form = ScanCreateSerializer(data=body)
    if not form.is_valid():
        raise RequestError(validation_message(form.errors))
    scan = services.scan_create(tenant=local_tenant(), data=form.validated_data, queue=False)
    worker = threading.Thread(target=execute_scan, args=(scan.pk,), name="nat-scan", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(timeout=0.25)
            scan.refresh_from_db()
            progress.update(status=scan.status, progress=scan.progress, done=scan.progress_done,
                            total=scan.progress_total, findings=scan.findings_count)
    except KeyboardInterrupt:
        with contextlib.suppress(services.ScanAlreadyFinished):
            services.scan_cancel(scan=Scan.objects.get(pk=scan.pk))
        progress.close()
        print("Cancelling: the scan stops within seconds and keeps what it found…", flush=True)
        worker.join(timeout=30)
    scan.refresh_from_db()
    progress.update(status=scan.status, progress=scan.progress, done=scan.progress_done,
                    total=scan.progress_total, findings=scan.findings_count)
    progress.close()
    return selectors.scan_report(scan)
