"""Tasks stored before outcomes were typed stay readable: the migration reads each row's outcome from its
old status and the wording its detail started with, drops that wording, and counts skipped and not-tried
tasks on their scan."""
from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("scans", "0001_initial")]
AFTER = [("scans", "0002_task_outcomes")]
OLD_ROWS = [
    # (check, agent, status, detail) → (outcome, detail)
    (("bola", "authorization", "passed", "skipped: no second identity"), ("skipped", "no second identity")),
    (("bola", "authorization", "passed", "primary refused (404)"), ("passed", "primary refused (404)")),
    (("recon", "recon", "failed", "not tried: its path says 'reset'"), ("not_tried", "its path says 'reset'")),
    (("recon", "recon", "failed", "not tried during recon: its path says 'reset'"),
     ("not_tried", "held back during recon: its path says 'reset'")),
    (("bola", "authorization", "failed", "not confirmed: alice could no longer log in"),
     ("unconfirmed", "alice could no longer log in")),
    (("lockout", "auth", "failed", "unconfirmed: throttled in the second burst"),
     ("unconfirmed", "throttled in the second burst")),
    (("cors", "configuration", "failed", "confirmed: reflects any origin"), ("found", "reflects any origin")),
    (("visual", "functional", "failed", "3.1% of pixels differ"), ("found", "3.1% of pixels differ")),
    (("sql_injection", "injection", "error", "TimeoutError: slow"), ("error", "TimeoutError: slow")),
]


@pytest.mark.django_db(transaction=True)
def test_old_task_rows_get_their_outcome_and_scans_their_counts() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    tenant = old.get_model("accounts", "Tenant").objects.create(name="t")
    scan = old.get_model("scans", "Scan").objects.create(tenant=tenant, url="http://127.0.0.1:9", target_key="k")
    Task = old.get_model("scans", "Task")
    for check, agent, status, detail in (row for row, _ in OLD_ROWS):
        Task.objects.create(scan=scan, check_name=check, agent=agent, status=status, detail=detail)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    stored = list(new.get_model("scans", "Task").objects.order_by("id").values_list("outcome", "detail"))
    assert stored == [expected for _, expected in OLD_ROWS]
    migrated = new.get_model("scans", "Scan").objects.get(pk=scan.pk)
    assert (migrated.tasks_passed, migrated.tasks_failed, migrated.tasks_skipped, migrated.tasks_not_tried) == (
        2, 7, 1, 2)
    latest = MigrationExecutor(connection)  # a fresh loader, reading what is applied now
    latest.migrate(latest.loader.graph.leaf_nodes())
