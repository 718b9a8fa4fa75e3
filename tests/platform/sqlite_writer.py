"""A process that does read-then-write transactions, like a web process or worker (run by a test)."""
from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nat_site.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from accounts.models import Tenant  # noqa: E402
from accounts.services import api_key_create  # noqa: E402


def main(name: str, rounds: int) -> None:
    tenant = Tenant.objects.get(name="load")
    for index in range(rounds):
        with transaction.atomic():
            # Read first, then write: under DEFERRED transactions two processes doing this at once
            # deadlock on the lock upgrade and SQLite fails one with "database is locked".
            count = tenant.api_keys.count()
            api_key_create(tenant=tenant, name=f"{name}-{index}-{count}")
            Tenant.objects.filter(pk=tenant.pk).update(name="load")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
