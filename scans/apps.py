from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils import timezone


def ensure_recovery_schedule(sender: AppConfig, **kwargs: Any) -> None:
    """Every minute, a worker looks for scans whose worker died (see scans.services).

    Due from now on: django-q2 moves a past `next_run` forward one interval at a time inside a write
    transaction, so a schedule left years behind (the prepared schema's, or a server stopped for
    months) would hold SQLite's write lock for minutes while it counted up to today.
    """
    from django_q.models import Schedule

    Schedule.objects.using(kwargs.get("using", "default")).update_or_create(
        name="recover stale scans",
        defaults={"func": "scans.tasks.recover_stale_scans", "schedule_type": Schedule.MINUTES, "minutes": 1,
                  "repeats": -1, "next_run": timezone.now()},
    )


class ScansConfig(AppConfig):
    name = "scans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(ensure_recovery_schedule, sender=self)
