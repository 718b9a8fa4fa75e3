"""SECRET_KEY comes from the environment, else is generated once and kept private in the data dir."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

PRINT_KEY = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def secret_key(data_dir: Path, **extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"NAT_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "nat_site.settings", **extra})
    return subprocess.Popen([sys.executable, "-c", PRINT_KEY], env=env, stdout=subprocess.PIPE, text=True)


def key_of(process: subprocess.Popen[str]) -> str:
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    return out.strip()


def test_generated_key_is_kept_private_and_reused(tmp_path):
    first = key_of(secret_key(tmp_path))
    assert len(first) >= 50
    assert key_of(secret_key(tmp_path)) == first
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_processes_starting_together_agree_on_one_key(tmp_path):
    keys = {key_of(process) for process in [secret_key(tmp_path) for _ in range(4)]}
    assert len(keys) == 1


def test_each_installation_gets_its_own_key(tmp_path):
    assert key_of(secret_key(tmp_path / "a")) != key_of(secret_key(tmp_path / "b"))


def test_environment_key_wins(tmp_path):
    assert key_of(secret_key(tmp_path, SECRET_KEY="from-the-environment-" + "x" * 40)).startswith("from-the-environment-")
    assert not (tmp_path / "secret_key").exists()
