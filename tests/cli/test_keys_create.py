"""`nat keys create` bootstraps a user, tenant and key on a fresh installation."""
from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path


def stored_keys(data_dir: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(data_dir / "nat.sqlite3") as db:
        return db.execute(
            "SELECT k.digest, t.plan, u.email FROM accounts_apikey k "
            "JOIN accounts_tenant t ON t.id = k.tenant_id JOIN accounts_user u ON u.tenant_id = t.id"
        ).fetchall()


def test_creates_user_tenant_and_a_key_printed_alone_on_stdout(run_nat, nat_env):
    result = run_nat("keys", "create", "--email", "Ops@Example.com", "--plan", "team")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert re.fullmatch(r"nat_pk_[A-Za-z0-9_-]{32,}", key)
    rows = stored_keys(Path(nat_env["NAT_DATA_DIR"]))
    assert rows == [(hashlib.sha256(key.encode()).hexdigest(), "team", "ops@example.com")]


def test_second_key_reuses_the_user(run_nat, nat_env):
    first = run_nat("keys", "create", "--email", "ops@example.com").stdout.strip()
    second = run_nat("keys", "create", "--email", "ops@example.com").stdout.strip()
    assert first != second
    rows = stored_keys(Path(nat_env["NAT_DATA_DIR"]))
    assert len(rows) == 2 and {row[2] for row in rows} == {"ops@example.com"}


def test_rejects_a_bad_email(run_nat):
    result = run_nat("keys", "create", "--email", "not-an-email")
    assert result.returncode == 2 and not result.stdout
    assert "not an e-mail" in result.stderr
