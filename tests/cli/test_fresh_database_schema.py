"""A command on a new data directory starts from the prepared schema (nat_site/cli/sqlite_schema.sql)
instead of running every migration, and ends up with the database the migrations make."""
from __future__ import annotations

import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nat_site.cli.schema_snapshot import SNAPSHOT, dump, made_with, migrated_database
from tests.cli.conftest import isolated_env, nat_executable


def schema(database: Path) -> tuple[set[tuple[str, str, str]], set[tuple[str, str]]]:
    """The database's tables, indexes and triggers, and the migrations recorded as applied."""
    with sqlite3.connect(database) as connection:
        objects = set(connection.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        applied = set(connection.execute("SELECT app, name FROM django_migrations"))
    return objects, applied


def keys_create(data: Path, email: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([nat_executable(), "keys", "create", "--email", email], env=isolated_env(data, data.parent),
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_prepared_schema_is_what_the_migrations_make(tmp_path):
    stamp = SNAPSHOT.read_text().split("\n", 1)[0]
    if stamp != made_with():
        pytest.skip(f"the prepared schema was written by another Django ({stamp.removeprefix('-- ')}) than "
                    f"this one ({made_with().removeprefix('-- ')}), whose migrations write other SQL; loading it "
                    "stays correct here because migrate runs after it (CI checks it with the locked Django)")
    assert dump(migrated_database(tmp_path)) == SNAPSHOT.read_text(), \
        "nat_site/cli/sqlite_schema.sql is stale: run `python -m nat_site.cli.schema_snapshot` and commit it"


def test_a_new_data_directory_gets_the_migrated_schema(tmp_path):
    (tmp_path / "fresh").mkdir(), (tmp_path / "migrated").mkdir()
    created = keys_create(tmp_path / "fresh", "first@example.com")
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("nat_pk_")
    assert schema(tmp_path / "fresh" / "nat.sqlite3") == schema(migrated_database(tmp_path / "migrated"))


def test_the_recovery_schedule_of_a_new_data_directory_is_due_from_now(tmp_path):
    """Loaded from the prepared schema, the schedule is not left at the snapshot's fixed time (which
    django-q2 would count up from, minute by minute, holding SQLite's write lock)."""
    started = datetime.now(UTC).replace(microsecond=0)
    assert keys_create(tmp_path, "first@example.com").returncode == 0
    with sqlite3.connect(tmp_path / "nat.sqlite3") as connection:
        (next_run,) = connection.execute("SELECT next_run FROM django_q_schedule WHERE name = 'recover stale scans'").fetchone()
    assert datetime.fromisoformat(next_run).replace(tzinfo=UTC) >= started


def test_commands_starting_together_on_a_new_data_directory_all_work(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    emails = [f"user{number}@example.com" for number in range(3)]
    with ThreadPoolExecutor(len(emails)) as pool:
        results = list(pool.map(lambda email: keys_create(data, email), emails))
    assert [result.returncode for result in results] == [0, 0, 0], [result.stderr[-500:] for result in results]
    with sqlite3.connect(data / "nat.sqlite3") as connection:
        stored = {email for (email,) in connection.execute("SELECT email FROM accounts_user")}
    assert stored == set(emails)
