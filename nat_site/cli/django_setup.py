"""Configuring Django for CLI commands that touch the database."""
from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nat_site.settings")
    import django

    django.setup()


def migrate_quietly() -> None:
    """Bring the database schema up to date (a no-op when it already is)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
