"""Tasks store their outcome (found, passed, skipped, not tried, unconfirmed, error) in place of the
coarse status, and scans count skipped and not-tried tasks. Existing rows are read from their status and
the wording their detail started with; the reverse keeps the status only."""
from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import Count, Q

PREFIXES: tuple[tuple[str, str, str], ...] = (
    # (old status, detail prefix, outcome); the prefix is dropped from the detail, but for recon's hold.
    ("passed", "skipped: ", "skipped"),
    ("passed", "not tried further: ", "not_tried"),
    ("failed", "not tried during recon: ", "not_tried"),
    ("failed", "not tried: ", "not_tried"),
    ("failed", "not confirmed: ", "unconfirmed"),
    ("failed", "unconfirmed: ", "unconfirmed"),
    ("failed", "confirmed: ", "found"),
)
FUNCTIONAL_AGENTS = ("functional", "contract")
PASSED = ("passed", "skipped")


def _outcome(task: Any, found_at: set[tuple[str, str, str, str]]) -> tuple[str, str]:
    """The outcome of a row stored with a status, and its detail without the prefix that said it."""
    for status, prefix, outcome in PREFIXES:
        if task.status == status and task.detail.startswith(prefix):
            detail = task.detail[len(prefix):]
            if prefix == "not tried during recon: ":
                detail = "held back during recon: " + detail
            elif prefix == "not tried further: ":
                detail = task.detail
            return outcome, detail
    if task.status in ("passed", "error"):
        return task.status, task.detail
    key = (task.scan_id, task.check_name, task.method, task.endpoint)
    found = task.agent in FUNCTIONAL_AGENTS or key in found_at
    return ("found" if found else "unconfirmed"), task.detail


def forwards(apps: Any, schema_editor: Any) -> None:
    Task, Finding, Scan = (apps.get_model("scans", name) for name in ("Task", "Finding", "Scan"))
    found_at = set(Finding.objects.values_list("scan_id", "check_name", "method", "endpoint"))
    for task in Task.objects.iterator():
        task.outcome, task.detail = _outcome(task, found_at)
        task.save(update_fields=["outcome", "detail"])
    for scan_id in Task.objects.values_list("scan_id", flat=True).distinct():
        counts = Task.objects.filter(scan_id=scan_id).aggregate(
            skipped=Count("id", filter=Q(outcome="skipped")), not_tried=Count("id", filter=Q(outcome="not_tried")),
            passed=Count("id", filter=Q(outcome__in=PASSED)), total=Count("id"))
        Scan.objects.filter(pk=scan_id).update(
            tasks_skipped=counts["skipped"], tasks_not_tried=counts["not_tried"], tasks_passed=counts["passed"],
            tasks_failed=counts["total"] - counts["passed"])


def backwards(apps: Any, schema_editor: Any) -> None:
    Task = apps.get_model("scans", "Task")
    Task.objects.filter(outcome__in=PASSED).update(status="passed")
    Task.objects.filter(outcome="error").update(status="error")
    Task.objects.exclude(outcome__in=(*PASSED, "error")).update(status="failed")


class Migration(migrations.Migration):

    dependencies = [("scans", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="task", name="outcome",
            field=models.CharField(
                choices=[("found", "Found"), ("passed", "Passed"), ("skipped", "Skipped"), ("not_tried", "Not Tried"),
                         ("unconfirmed", "Unconfirmed"), ("error", "Error")],
                default="passed", max_length=11),
            preserve_default=False,
        ),
        migrations.AddField(model_name="scan", name="tasks_skipped", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="scan", name="tasks_not_tried", field=models.PositiveIntegerField(default=0)),
        migrations.AlterField(model_name="scan", name="tasks_passed",
                              field=models.PositiveIntegerField(default=0, help_text="Passed and skipped tasks.")),
        migrations.AlterField(
            model_name="scan", name="tasks_failed",
            field=models.PositiveIntegerField(default=0, help_text="Every other task (errors included).")),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="task", name="status"),
    ]
