"""Applying `.natrc` to the environment before Django starts (an explicit environment variable wins)."""
from __future__ import annotations

import os
from typing import Any


def apply_natrc_environment(natrc: dict[str, Any]) -> None:
    """`database_url` in .natrc is the local database unless DATABASE_URL is set."""
    if natrc.get("database_url") and not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = str(natrc["database_url"])


def remote_server(natrc: dict[str, Any]) -> tuple[str | None, str | None]:
    """Server URL and API key from .natrc (remote mode), the key read from the variable it names."""
    if natrc.get("mode") != "remote":
        return None, None
    return natrc.get("server"), os.environ.get(str(natrc.get("api_key_env") or "NAT_API_KEY"))
