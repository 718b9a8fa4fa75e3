"""Configuring Django for CLI commands that touch the database."""
from __future__ import annotations

import os
import sys

from nat_site.environment import database_description


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nat_site.settings")
    import django

    django.setup()


def migrate_quietly() -> None:
    """Bring the database schema up to date (a no-op when it already is); a new embedded database
    starts from the prepared schema, so only migrations newer than it run."""
    from django.core.management import call_command

    from nat_site.cli.schema_snapshot import load_into_new_database

    load_into_new_database()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)


def announce_database() -> None:
    """Say on stderr which database this command uses, so stdout stays machine-readable."""
    print(f"nat: using database {database_description()}", file=sys.stderr, flush=True)


def open_database() -> None:
    """Set Django up, say which database it is, and bring its schema up to date."""
    setup_django()
    announce_database()
    migrate_quietly()
