"""`nat scan`'s end-of-scan summary says how many of the passed tasks were skipped and how many of the
failed ones were not tried."""
from __future__ import annotations

from nat_site.cli.progress import summary_table


def test_the_summary_line_counts_skipped_and_not_tried_tasks() -> None:
    results = {"scan_id": "scan_1", "status": "completed", "elapsed_seconds": 2.0, "total": 6, "passed": 2,
               "skipped": 1, "failed": 4, "not_tried": 1, "findings": []}
    first = summary_table(results).splitlines()[0]
    assert "6 tasks (2 passed, 1 of them skipped; 4 failed, 1 of them not tried)" in first
