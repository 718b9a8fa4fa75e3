"""`nat keys create`, `nat scan` and `nat doctor` name the database they use on stderr (the SQLite file,
or DATABASE_URL with its password masked), and stdout keeps only what scripts read."""
from __future__ import annotations

import json
import re
from pathlib import Path

UNREACHABLE_POSTGRES = "postgres://nat:s3cret-pw@127.0.0.1:1/nat"
MASKED = "postgres://nat:***@127.0.0.1:1/nat"


def sqlite_file(nat_env: dict[str, str]) -> str:
    return str(Path(nat_env["NAT_DATA_DIR"]) / "nat.sqlite3")


def test_keys_create_names_the_sqlite_file_on_stderr_and_prints_only_the_key(run_nat, nat_env):
    result = run_nat("keys", "create", "--email", "ops@example.com")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"nat_pk_[A-Za-z0-9_-]{32,}\n", result.stdout)
    assert sqlite_file(nat_env) in result.stderr


def test_keys_create_names_the_database_url_without_its_password(run_nat, nat_env):
    nat_env["DATABASE_URL"] = UNREACHABLE_POSTGRES
    result = run_nat("keys", "create", "--email", "ops@example.com")
    assert result.returncode != 0 and not result.stdout
    assert MASKED in result.stderr
    assert "s3cret-pw" not in result.stderr


def test_local_scan_names_the_sqlite_file_on_stderr(run_nat, nat_env):
    result = run_nat("scan", "--url", "http://127.0.0.1:9/api", "--timeout", "1", "--quiet")
    assert result.returncode == 3
    assert sqlite_file(nat_env) in result.stderr
    assert sqlite_file(nat_env) not in result.stdout


def test_doctor_json_names_the_database_on_stderr_and_keeps_stdout_json(run_nat, nat_env):
    nat_env["DATABASE_URL"] = UNREACHABLE_POSTGRES
    result = run_nat("doctor", "--json")
    report = json.loads(result.stdout)
    assert MASKED in result.stderr
    assert "s3cret-pw" not in result.stdout + result.stderr
    assert report["ok"] is False


def test_doctor_names_the_sqlite_file_it_checked(run_nat, nat_env):
    result = run_nat("doctor")
    assert sqlite_file(nat_env) in result.stderr
    database = next(line for line in result.stdout.splitlines() if " database " in line)
    assert sqlite_file(nat_env) in database


def test_a_password_in_the_query_string_is_masked_too(run_nat, nat_env):
    nat_env["DATABASE_URL"] = "postgres://127.0.0.1:1/nat?sslmode=disable&password=s3cret-pw"
    result = run_nat("doctor", "--json")
    assert "postgres://127.0.0.1:1/nat?sslmode=disable&password=***" in result.stderr
    assert "s3cret-pw" not in result.stdout + result.stderr
