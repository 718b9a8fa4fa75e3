"""A prepared schema for a new embedded database: the SQL of a SQLite file on which every migration
has run, loaded in one script instead of running some 200 migrations one by one (most of a fresh
`nat scan`'s start-up otherwise). `migrate` still runs afterwards, so a snapshot that lags behind the
migrations (or another Django's) costs time, never correctness.

`python -m nat_site.cli.schema_snapshot` writes it again; a test fails while it is stale.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from nat_site.environment import embedded_database_path

SNAPSHOT = Path(__file__).with_name("sqlite_schema.sql")
APPLIED_AT = "2000-01-01 00:00:00"
"""Every migration's `applied` time in the snapshot, so that writing it again changes nothing."""


def load_into_new_database() -> bool:
    """Give Django's default database the prepared schema when it is an empty SQLite database;
    False when it is not (another engine, tables already there, another process loading it first)."""
    from django.db import connection

    if connection.vendor != "sqlite" or not SNAPSHOT.exists() or connection.introspection.table_names():
        return False
    connection.ensure_connection()
    raw = connection.connection
    # Rows come table by table in name order, before the tables they refer to may exist.
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        raw.executescript(SNAPSHOT.read_text())
    except sqlite3.Error:
        # Another process created the tables first: its schema stands, and migrate checks it.
        raw.rollback()
        return False
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    return True


def made_with() -> str:
    """The snapshot's first line: the Django whose migrations made it (another one makes other SQL)."""
    import django

    return f"-- made by running the migrations with Django {django.get_version()}"


def dump(database: Path) -> str:
    """The SQL that re-creates `database` (schema and rows), with fixed migration times."""
    source = sqlite3.connect(database)
    copy = sqlite3.connect(":memory:")
    try:
        source.backup(copy)
        copy.execute("UPDATE django_migrations SET applied = ?", (APPLIED_AT,))
        # The stale-scan recovery schedule post_migrate adds; it makes it due from now on when it loads.
        copy.execute("UPDATE django_q_schedule SET next_run = ?", (APPLIED_AT,))
        return f"{made_with()}\n" + "\n".join(copy.iterdump()) + "\n"
    finally:
        source.close()
        copy.close()


def migrated_database(directory: Path) -> Path:
    """A new embedded database in `directory`, made by running every migration in another process."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "NAT_REDIS_URL")}
    env.update(NAT_DATA_DIR=str(directory), DJANGO_SETTINGS_MODULE="nat_site.settings")
    script = ("import django; django.setup(); from django.core.management import call_command; "
              "call_command('migrate', interactive=False, verbosity=0); call_command('createcachetable', verbosity=0)")
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    return embedded_database_path(directory)


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        SNAPSHOT.write_text(dump(migrated_database(Path(directory))))
    print(f"wrote {SNAPSHOT}")


if __name__ == "__main__":
    main()
