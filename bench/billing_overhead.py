"""What billing adds to each API request and each scan creation, in-process (no HTTP server).

Run: .venv/bin/python bench/billing_overhead.py [--requests N]   (DATABASE_URL=postgres://… for PostgreSQL)
Prints the mean time of GET /api/v1/usage in self-hosted mode (no rate limit) and in SaaS mode
(the per-tenant window is counted on every request), and of one quota check-and-count, on a fresh
database in a temporary data directory.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    options = parser.parse_args()
    os.environ["NAT_DATA_DIR"] = tempfile.mkdtemp(prefix="nat-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nat_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.services import api_key_create, tenant_signup
    from billing.quotas import quota_consume

    setup_test_environment()
    old_name = settings.DATABASES["default"]["NAME"]
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = f"nat_bench_{os.getpid()}"

    test_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("createcachetable", verbosity=0)
        user = tenant_signup(email="bench@example.com", password=None)
        user.tenant.plan = "enterprise"
        user.tenant.save()
        key = api_key_create(tenant=user.tenant, name="bench").plaintext
        client = Client(HTTP_X_API_KEY=key)
        print(f"database: {connection.vendor} ({test_name})")
        for mode in ("self_hosted", "saas"):
            settings.NAT_MODE = mode
            client.get("/api/v1/usage")
            started = time.perf_counter()
            for _ in range(options.requests):
                assert client.get("/api/v1/usage").status_code == 200
            elapsed = (time.perf_counter() - started) / options.requests
            print(f"GET /api/v1/usage, {mode:>11}: {elapsed * 1000:6.2f} ms per request")
        started = time.perf_counter()
        for _ in range(options.requests):
            quota_consume(tenant=user.tenant, mode="full")
        elapsed = (time.perf_counter() - started) / options.requests
        print(f"quota check-and-count (full scan, saas): {elapsed * 1000:6.2f} ms per scan")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
