"""Running `nat` as a user would: the installed console script, in a fresh data directory."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def nat_executable() -> str:
    beside_python = Path(sys.executable).with_name("nat")
    found = str(beside_python) if beside_python.exists() else shutil.which("nat")
    if not found:
        pytest.fail("the `nat` console script is not installed: run `pip install -e .`")
    return found


def isolated_env(data_dir: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NAT_REDIS_URL", "NAT_RC", "SECRET_KEY"}}
    env.update({"NAT_DATA_DIR": str(data_dir), "HOME": str(home)})
    return env


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded database with NAT's schema, made once and copied for each test (migrating costs
    seconds, and each `nat` command would otherwise pay it on a fresh data dir)."""
    root = tmp_path_factory.mktemp("template")
    env = isolated_env(root / "data", root)
    subprocess.run([nat_executable(), "manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([nat_executable(), "manage", "createcachetable"], env=env, check=True, timeout=60)
    return root / "data" / "nat.sqlite3"


@pytest.fixture
def nat_env(tmp_path: Path, migrated_database: Path) -> dict[str, str]:
    """Environment of an installation of its own: data dir with an up-to-date embedded SQLite, no .natrc."""
    (tmp_path / "home").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(migrated_database, tmp_path / "data" / "nat.sqlite3")
    return isolated_env(tmp_path / "data", tmp_path / "home")


@pytest.fixture
def run_nat(nat_env: dict[str, str], tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, timeout: float = 120, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [nat_executable(), *args], env=nat_env, cwd=tmp_path, capture_output=True, text=True,
            timeout=timeout, **kwargs,
        )

    return run
