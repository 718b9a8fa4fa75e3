"""The embedded SQLite database takes concurrent writes from web processes and workers."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROUNDS = 60
PROCESSES = 4


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NAT_REDIS_URL"}}
    env["NAT_DATA_DIR"] = str(tmp_path)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0", "--settings", "nat_site.settings"],
                   env=env, check=True, timeout=120)
    with sqlite3.connect(tmp_path / "nat.sqlite3") as db:
        db.execute("INSERT INTO accounts_tenant (id, name, plan, created_at) VALUES ('ten_load', 'load', 'free', '2026-01-01')")
    return env


def test_two_web_processes_and_two_workers_write_without_database_locked(sqlite_env, tmp_path):
    writers = [
        subprocess.Popen([sys.executable, "-m", "tests.platform.sqlite_writer", f"p{n}", str(ROUNDS)],
                         env=sqlite_env, stderr=subprocess.PIPE, text=True)
        for n in range(PROCESSES)
    ]
    errors = [writer.communicate(timeout=180)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0] * PROCESSES, "\n".join(errors)[-3000:]
    with sqlite3.connect(tmp_path / "nat.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM accounts_apikey").fetchone()[0] == ROUNDS * PROCESSES
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
