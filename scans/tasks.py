"""django-q2 entry points. Keep them thin: the work is in `scans.execution` and `scans.services`."""
from __future__ import annotations

from scans.execution import execute_scan
from scans.services import scans_recover_stale


def run_scan(scan_id: str) -> None:
    execute_scan(scan_id)


def recover_stale_scans() -> int:
    """Scheduled every minute: restart or fail scans whose worker died."""
    return len(scans_recover_stale())
